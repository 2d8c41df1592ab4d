using Magvit.Model.Tokenizer;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Streaming;

/// <summary>
/// Streaming decoder for <see cref="TokenizerKind.CausalVideo"/>: latent frame 0 yields one frame, every later latent
/// frame yields <c>TemporalFactor</c> frames, each the moment its latent frame arrives. Equal to whole-clip decoding.
/// </summary>
public sealed class CausalDecoderSession : IDecoderSession
{
    private readonly MagvitTokenizer model;
    private readonly StreamState state = new();

    /// <summary>A session over <paramref name="model"/>, which must be strictly causal.</summary>
    public CausalDecoderSession(MagvitTokenizer model)
    {
        if (model.Config.Kind != TokenizerKind.CausalVideo)
        {
            throw new ArgumentException($"Causal streaming needs a {TokenizerKind.CausalVideo} model, not {model.Config.Kind}.", nameof(model));
        }

        this.model = model;
    }

    /// <inheritdoc />
    public long LatentFramesIn { get; private set; }

    /// <inheritdoc />
    public long FramesOut { get; private set; }

    /// <summary>Frames held inside the layers between chunks (bounded by the receptive field).</summary>
    public long HeldFrames => state.HeldFrames;

    /// <inheritdoc />
    public Tensor Push(Tensor quantizedLatents)
    {
        var count = quantizedLatents.shape[2];
        if (count == 0)
        {
            return empty(quantizedLatents.shape[0], model.Config.OutChannels, 0, 0, 0);
        }

        state.LatentOffset = LatentFramesIn;
        var frames = model.DecodeFrames(MagvitTokenizer.ToFrames(quantizedLatents), state);
        LatentFramesIn += count;
        FramesOut += frames.shape[1];
        return MagvitTokenizer.ToReference(frames);
    }

    /// <inheritdoc />
    public Tensor Complete() => empty(0, model.Config.OutChannels, 0, 0, 0);

    /// <inheritdoc />
    public void Dispose() => state.Dispose();
}
