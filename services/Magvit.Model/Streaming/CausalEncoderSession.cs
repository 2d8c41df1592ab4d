using Magvit.Model.Tokenizer;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Streaming;

/// <summary>
/// Streaming encoder for <see cref="TokenizerKind.CausalVideo"/>: every layer is causal, so each conv keeps only its
/// last k_t − 1 (+ stride phase) input frames and latent frame j is emitted the moment input frame 4j arrives.
/// Results equal whole-clip encoding for any chunking; memory is O(chunk), whatever the stream length.
/// </summary>
public sealed class CausalEncoderSession : IEncoderSession
{
    private readonly MagvitTokenizer model;
    private readonly StreamState state = new();

    /// <summary>A session over <paramref name="model"/>, which must be strictly causal.</summary>
    public CausalEncoderSession(MagvitTokenizer model)
    {
        if (model.Config.Kind != TokenizerKind.CausalVideo)
        {
            throw new ArgumentException($"Causal streaming needs a {TokenizerKind.CausalVideo} model, not {model.Config.Kind}.", nameof(model));
        }

        this.model = model;
    }

    /// <inheritdoc />
    public long FramesIn { get; private set; }

    /// <inheritdoc />
    public long LatentFramesOut { get; private set; }

    /// <summary>Frames held inside the layers between chunks (bounded by the receptive field).</summary>
    public long HeldFrames => state.HeldFrames;

    /// <inheritdoc />
    public Tensor Push(Tensor frames)
    {
        var latents = model.EncodeFrames(MagvitTokenizer.ToFrames(frames), state);
        FramesIn += frames.shape[2];
        LatentFramesOut += latents.shape[1];
        return MagvitTokenizer.ToReference(latents);
    }

    /// <inheritdoc />
    public Tensor Complete()
    {
        var z = model.Config.LatentChannels;
        return empty(0, z, 0, 0, 0);
    }

    /// <inheritdoc />
    public void Dispose() => state.Dispose();
}
