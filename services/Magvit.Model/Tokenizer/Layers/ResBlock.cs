using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// norm1 → swish → conv1 → norm2 → swish → conv2, plus the input (through a bias-free 1×1 <c>nin_shortcut</c> when
/// the width changes). Convs are bias-free; no dropout, no attention.
/// </summary>
public sealed class ResBlock : FrameModule
{
    private readonly AffineGroupNorm norm1;
    private readonly FrameModule conv1;
    private readonly AffineGroupNorm norm2;
    private readonly FrameModule conv2;
    private readonly FrameModule? nin_shortcut;

    /// <summary>A block from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public ResBlock(long inChannels, long outChannels, LayerFactory layers)
        : base(nameof(ResBlock))
    {
        norm1 = layers.Norm(inChannels);
        conv1 = layers.Conv(inChannels, outChannels, 3, hasBias: false);
        norm2 = layers.Norm(outChannels);
        conv2 = layers.Conv(outChannels, outChannels, 3, hasBias: false);
        nin_shortcut = inChannels != outChannels ? layers.Conv(inChannels, outChannels, 1, hasBias: false) : null;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream)
    {
        using var scope = NewDisposeScope(); // the block's temporaries go as soon as it returns
        var h = conv1.Apply(nn.functional.silu(norm1.Apply(input, stream), inplace: true), stream);
        h = conv2.Apply(nn.functional.silu(norm2.Apply(h, stream), inplace: true), stream);
        var shortcut = nin_shortcut?.Apply(input, stream) ?? input;
        return h.add_(shortcut).MoveToOuterDisposeScope();
    }
}
