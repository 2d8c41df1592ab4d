using Magvit.Model.Tokenizer;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Streaming;

/// <summary>
/// The decoding side of <see cref="WindowedEncoderSession"/>: latent frames are gathered into the windows the encoder
/// produced (LatentFrames(WindowFrames) each) and every window is decoded alone.
/// </summary>
public sealed class WindowedDecoderSession : IDecoderSession
{
    private readonly MagvitTokenizer model;
    private readonly List<Tensor> buffered = [];
    private readonly long windowLatents;
    private long bufferedLatents;

    /// <summary>Windows matching an encoder's <paramref name="windowFrames"/>.</summary>
    public WindowedDecoderSession(MagvitTokenizer model, int windowFrames)
    {
        this.model = model;
        windowLatents = model.Config.LatentFrames(windowFrames);
    }

    /// <inheritdoc />
    public long LatentFramesIn { get; private set; }

    /// <inheritdoc />
    public long FramesOut { get; private set; }

    /// <inheritdoc />
    public Tensor Push(Tensor quantizedLatents)
    {
        LatentFramesIn += quantizedLatents.shape[2];
        var outputs = new List<Tensor>();
        var offset = 0L;
        while (offset < quantizedLatents.shape[2])
        {
            var take = Math.Min(windowLatents - bufferedLatents, quantizedLatents.shape[2] - offset);
            buffered.Add(quantizedLatents.slice(2, offset, offset + take, 1).clone().DetachFromDisposeScope());
            (bufferedLatents, offset) = (bufferedLatents + take, offset + take);
            if (bufferedLatents == windowLatents)
            {
                outputs.Add(DecodeBuffered());
            }
        }

        return outputs.Count > 0 ? cat(outputs, 2) : empty(quantizedLatents.shape[0], model.Config.OutChannels, 0, 0, 0);
    }

    /// <inheritdoc />
    public Tensor Complete() => bufferedLatents == 0 ? empty(0, model.Config.OutChannels, 0, 0, 0) : DecodeBuffered();

    /// <inheritdoc />
    public void Dispose()
    {
        buffered.ForEach(t => t.Dispose());
        buffered.Clear();
    }

    private Tensor DecodeBuffered()
    {
        var window = cat(buffered, 2);
        Dispose();
        bufferedLatents = 0;
        var frames = model.Config.IsVideo ? model.Decode(window) : model.Decode(window.squeeze(2)).unsqueeze(2);
        FramesOut += frames.shape[2];
        return frames;
    }
}
