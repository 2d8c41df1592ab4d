using Magvit.Model.Tokenizer;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Streaming;

/// <summary>
/// Streaming for models that are not strictly causal — the reference video tokenizer (its GroupNorm and AdaGN pool
/// statistics over time) and image tokenizers (one frame per window): frames are gathered into independent windows
/// of <see cref="WindowFrames"/> (1 + 4k) frames, each encoded alone as Open-MAGVIT2's reconstruct_video does. A
/// latent frame is emitted only when its whole window has arrived, and windows do not see each other.
/// </summary>
public sealed class WindowedEncoderSession : IEncoderSession
{
    private readonly MagvitTokenizer model;
    private readonly List<Tensor> buffered = [];
    private long bufferedFrames;

    /// <summary>Windows of <paramref name="windowFrames"/> frames (1 for image models).</summary>
    public WindowedEncoderSession(MagvitTokenizer model, int windowFrames)
    {
        var temporal = model.Config.TemporalFactor;
        if (windowFrames < 1 || (windowFrames - 1) % temporal != 0 || (!model.Config.IsVideo && windowFrames != 1))
        {
            throw new ArgumentOutOfRangeException(nameof(windowFrames), windowFrames, $"Windows hold 1 + {temporal}k frames (1 for image models).");
        }

        this.model = model;
        WindowFrames = windowFrames;
    }

    /// <summary>Frames per independent window.</summary>
    public int WindowFrames { get; }

    /// <inheritdoc />
    public long FramesIn { get; private set; }

    /// <inheritdoc />
    public long LatentFramesOut { get; private set; }

    /// <inheritdoc />
    public Tensor Push(Tensor frames)
    {
        FramesIn += frames.shape[2];
        var outputs = new List<Tensor>();
        var offset = 0L;
        while (offset < frames.shape[2])
        {
            var take = Math.Min(WindowFrames - bufferedFrames, frames.shape[2] - offset);
            buffered.Add(frames.slice(2, offset, offset + take, 1).clone().DetachFromDisposeScope());
            (bufferedFrames, offset) = (bufferedFrames + take, offset + take);
            if (bufferedFrames == WindowFrames)
            {
                outputs.Add(EncodeBuffered());
            }
        }

        return Concat(outputs, frames);
    }

    /// <inheritdoc />
    public Tensor Complete() => bufferedFrames == 0 ? empty(0, model.Config.LatentChannels, 0, 0, 0) : EncodeBuffered();

    /// <inheritdoc />
    public void Dispose()
    {
        buffered.ForEach(t => t.Dispose());
        buffered.Clear();
    }

    private Tensor EncodeBuffered()
    {
        var window = cat(buffered, 2);
        Dispose();
        bufferedFrames = 0;
        var latents = model.Config.IsVideo ? model.EncodeLatent(window) : model.EncodeLatent(window.squeeze(2)).unsqueeze(2);
        LatentFramesOut += latents.shape[2];
        return latents;
    }

    private Tensor Concat(List<Tensor> outputs, Tensor like)
    {
        if (outputs.Count > 0)
        {
            return cat(outputs, 2);
        }

        var factor = model.Config.SpatialFactor;
        return empty([like.shape[0], model.Config.LatentChannels, 0, like.shape[3] / factor, like.shape[4] / factor], like.dtype, like.device);
    }
}
