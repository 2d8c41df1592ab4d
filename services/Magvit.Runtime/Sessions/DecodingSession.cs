using Magvit.Model.Tokenizer;
using Magvit.Runtime.Pixels;
using Magvit.Runtime.Work;
using Magvit.Runtime.Workers;

namespace Magvit.Runtime.Sessions;

/// <summary>
/// One token stream being decoded: push latent frames' token ids (h·w each, raster order), get RGB24 frames as soon
/// as they decode — for a strictly causal model 1 frame for latent 0 and TemporalFactor frames for each later one;
/// for other models a window's frames when its last latent arrives. Not thread-safe: one push at a time, each
/// enumerated to its end. Dispose to end the stream early; its state is freed at once.
/// </summary>
public sealed class DecodingSession : IDisposable
{
    private readonly UnitPipeline<int, byte, DecodedFrame> pipeline;
    private readonly int maxTokenId;

    internal DecodingSession(InferenceWorker worker, TokenizerConfig config, int latentHeight, int latentWidth, int windowFrames)
    {
        (LatentHeight, LatentWidth) = (latentHeight, latentWidth);
        (Height, Width) = (latentHeight * config.SpatialFactor, latentWidth * config.SpatialFactor);
        maxTokenId = (1 << config.LatentChannels) - 1;
        var causal = config.Kind == TokenizerKind.CausalVideo;
        var window = config.IsVideo ? config.LatentFrames(windowFrames) : 1;
        var slot = worker.Attach();
        pipeline = new UnitPipeline<int, byte, DecodedFrame>(
            latentHeight * latentWidth,
            _ => causal ? 1 : window,
            flushPartial: !causal,
            (ids, count, first, token) => worker.Submit(new DecodeItem(
                new BatchKey(WorkKind.Decode, count, latentHeight, latentWidth, first || !causal), [ids], causal ? slot : null, token)),
            (index, rgb) => new DecodedFrame(index, rgb),
            () => worker.Release(slot));
    }

    /// <summary>Token grid height.</summary>
    public int LatentHeight { get; }

    /// <summary>Token grid width.</summary>
    public int LatentWidth { get; }

    /// <summary>Decoded frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Decoded frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Latent frames pushed so far.</summary>
    public long LatentFramesIn => pipeline.FramesIn;

    /// <summary>Frames emitted so far.</summary>
    public long FramesOut => pipeline.FramesOut;

    /// <summary>
    /// Adds whole latent frames (LatentHeight·LatentWidth ids each, any count); yields the RGB24 frames
    /// (Height·Width·3 bytes) they decode to, each unit's as soon as its forward has run. <paramref name="tokenIds"/>
    /// must stay unchanged until the enumeration ends.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id lies outside [0, 2^LatentChannels).</exception>
    /// <exception cref="QueueFullException">The worker's queue is full; the stream has ended.</exception>
    public IAsyncEnumerable<DecodedFrame> PushAsync(ReadOnlyMemory<int> tokenIds, CancellationToken cancellationToken)
    {
        TokenRange.Require(tokenIds.Span, maxTokenId, nameof(tokenIds));
        return pipeline.PushAsync(tokenIds, cancellationToken);
    }

    /// <summary>Ends the stream: a windowed model decodes its last, shorter window. Frees the state.</summary>
    public IAsyncEnumerable<DecodedFrame> CompleteAsync(CancellationToken cancellationToken)
        => pipeline.CompleteAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => pipeline.Dispose();
}
