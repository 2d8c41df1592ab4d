using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// A tokenizer layer. Image layers see (B, C, H, W); video layers see (B, T, C, H, W) — frames next to the batch so
/// per-frame work folds time into the batch without copies. <paramref name="stream"/> is null for whole clips.
/// </summary>
public abstract class FrameModule(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Apply(input, null);

    /// <summary>Applies the layer, carrying causal state in <paramref name="stream"/> when streaming.</summary>
    public abstract Tensor Apply(Tensor input, StreamState? stream);
}
