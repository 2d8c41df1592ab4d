using Magvit.Model.Tokenizer;
using Magvit.Runtime.Pixels;
using Magvit.Runtime.Work;
using Magvit.Runtime.Workers;

namespace Magvit.Runtime.Sessions;

/// <summary>
/// One video stream being tokenized: push RGB24 frames in chunks of any length, get each latent frame's token ids
/// the moment it is determined. A strictly causal model emits latent 0 on frame 0 and latent j once frame
/// TemporalFactor·j arrives, keeping the stream's causal state on its worker; other models emit a window's latents
/// when its last frame arrives. Units of concurrent streams in the same phase run as one batch. Not thread-safe: one
/// push at a time, each enumerated to its end. Dispose to end the stream early; its state is freed at once.
/// </summary>
public sealed class EncodingSession : IDisposable
{
    private readonly UnitPipeline<byte, int, TokenFrame> pipeline;

    internal EncodingSession(InferenceWorker worker, TokenizerConfig config, int height, int width, int windowFrames)
    {
        (Height, Width) = (height, width);
        (LatentHeight, LatentWidth) = (height / config.SpatialFactor, width / config.SpatialFactor);
        var causal = config.Kind == TokenizerKind.CausalVideo;
        var window = config.IsVideo ? windowFrames : 1;
        var slot = worker.Attach();
        pipeline = new UnitPipeline<byte, int, TokenFrame>(
            height * width * Rgb24.Channels,
            unit => !causal ? window : unit == 0 ? 1 : config.TemporalFactor,
            flushPartial: !causal,
            (frames, count, first, token) => worker.Submit(new EncodeItem(
                new BatchKey(WorkKind.Encode, count, height, width, first || !causal), [frames], causal ? slot : null, token)),
            (index, ids) => new TokenFrame(index, ids),
            () => worker.Release(slot));
    }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Token grid height (Height / SpatialFactor).</summary>
    public int LatentHeight { get; }

    /// <summary>Token grid width (Width / SpatialFactor).</summary>
    public int LatentWidth { get; }

    /// <summary>Frames pushed so far.</summary>
    public long FramesIn => pipeline.FramesIn;

    /// <summary>Latent frames emitted so far.</summary>
    public long LatentFramesOut => pipeline.FramesOut;

    /// <summary>
    /// Adds whole RGB24 frames (Height·Width·3 bytes each, any count); yields the latent frames they complete, each as
    /// soon as its forward has run. <paramref name="frames"/> must stay unchanged until the enumeration ends.
    /// </summary>
    /// <exception cref="QueueFullException">The worker's queue is full; the stream has ended.</exception>
    public IAsyncEnumerable<TokenFrame> PushAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
        => pipeline.PushAsync(frames, cancellationToken);

    /// <summary>
    /// Ends the stream: a windowed model encodes its last, shorter window; a causal model has nothing left (frames
    /// after the last complete unit never determine a latent frame, as in whole-clip encoding). Frees the state.
    /// </summary>
    public IAsyncEnumerable<TokenFrame> CompleteAsync(CancellationToken cancellationToken)
        => pipeline.CompleteAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => pipeline.Dispose();
}
