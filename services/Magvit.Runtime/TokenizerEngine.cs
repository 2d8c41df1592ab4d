using System.Diagnostics.Metrics;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using Magvit.Runtime.Pixels;
using Magvit.Runtime.Sessions;
using Magvit.Runtime.Telemetry;
using Magvit.Runtime.Work;
using Magvit.Runtime.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magvit.Runtime;

/// <summary>
/// The tokenizer behind a bounded queue: <see cref="TokenizerEngineOptions.Replicas"/> model copies, each owned by a
/// dedicated worker thread that stacks compatible work of concurrent callers into one forward (dynamic batching).
/// Callers pass and get managed arrays only — RGB24 bytes and int token ids — never tensors. Thread-safe.
/// </summary>
public sealed class TokenizerEngine : IDisposable
{
    /// <summary>The <see cref="Meter"/> name of the runtime's metrics.</summary>
    public const string MeterName = "Magvit.Runtime";

    private readonly TokenizerEngineOptions options;
    private readonly RuntimeMetrics metrics;
    private readonly InferenceWorker[] workers;
    private int disposed;

    /// <summary>
    /// Starts the workers and waits until each has built its model with <paramref name="modelFactory"/> (called once
    /// per replica, on that replica's thread). Throws what the factory threw.
    /// </summary>
    public TokenizerEngine(Func<MagvitTokenizer> modelFactory, TokenizerEngineOptions options, ILogger<TokenizerEngine>? logger = null, IMeterFactory? meterFactory = null)
    {
        options.Validate();
        this.options = options;
        TorchRuntime.Initialize(options.Threads);
        var log = (ILogger?)logger ?? NullLogger.Instance;
        InferenceWorker[]? started = null;
        metrics = new RuntimeMetrics(meterFactory, () => started?.Sum(w => w.QueueDepth) ?? 0);
        started = Enumerable.Range(0, options.Replicas).Select(i => new InferenceWorker(i, modelFactory, options, metrics, log)).ToArray();
        workers = started;
        try
        {
            Config = Task.WhenAll(workers.Select(w => w.Ready)).GetAwaiter().GetResult()[0];
            RequireWindow(Config, options.WindowFrames);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The served model's architecture.</summary>
    public TokenizerConfig Config { get; }

    /// <summary>True while every replica's worker runs (for health checks).</summary>
    public bool IsRunning => Volatile.Read(ref disposed) == 0 && workers.All(w => w.IsRunning);

    /// <summary>Work items waiting, over all replicas.</summary>
    public int QueueDepth => workers.Sum(w => w.QueueDepth);

    /// <summary>The replicas' workers (tests post control actions to them).</summary>
    internal IReadOnlyList<InferenceWorker> Workers => workers;

    /// <summary>
    /// Opens an encoding stream for frames of <paramref name="height"/>×<paramref name="width"/> pixels (multiples of
    /// Config.SpatialFactor), on the replica with the fewest streams.
    /// </summary>
    public EncodingSession StartEncoding(int height, int width)
    {
        RequireSize(height, width, Config.SpatialFactor, "Frame");
        return new EncodingSession(LeastStreams(), Config, height, width, options.WindowFrames);
    }

    /// <summary>Opens a decoding stream for token grids of <paramref name="latentHeight"/>×<paramref name="latentWidth"/>.</summary>
    public DecodingSession StartDecoding(int latentHeight, int latentWidth)
    {
        RequireSize(latentHeight, latentWidth, 1, "Token grid");
        return new DecodingSession(LeastStreams(), Config, latentHeight, latentWidth, options.WindowFrames);
    }

    /// <summary>
    /// Token ids (LatentHeight·LatentWidth each) of images of <paramref name="height"/>×<paramref name="width"/> RGB24
    /// pixels, encoded as one-frame clips. The images travel as one queue item and may share a forward with other
    /// requests' images and streams' first frames.
    /// </summary>
    /// <exception cref="QueueFullException">The queue is full.</exception>
    public async Task<IReadOnlyList<int[]>> EncodeImagesAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, int height, int width, CancellationToken cancellationToken)
    {
        RequireSize(height, width, Config.SpatialFactor, "Image");
        RequireRows(images, height * width * Rgb24.Channels, nameof(images));
        var item = new EncodeItem(new BatchKey(WorkKind.Encode, 1, height, width, StartsStream: true), images, null, cancellationToken);
        return await LeastQueued().Submit(item).ConfigureAwait(false);
    }

    /// <summary>RGB24 images (Height·Width·3 bytes each) of token grids, decoded as one-frame clips.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id lies outside [0, 2^LatentChannels).</exception>
    /// <exception cref="QueueFullException">The queue is full.</exception>
    public async Task<IReadOnlyList<byte[]>> DecodeImagesAsync(IReadOnlyList<ReadOnlyMemory<int>> tokenIds, int latentHeight, int latentWidth, CancellationToken cancellationToken)
    {
        RequireSize(latentHeight, latentWidth, 1, "Token grid");
        RequireRows(tokenIds, latentHeight * latentWidth, nameof(tokenIds));
        foreach (var ids in tokenIds)
        {
            TokenRange.Require(ids.Span, (1 << Config.LatentChannels) - 1, nameof(tokenIds));
        }

        var item = new DecodeItem(new BatchKey(WorkKind.Decode, 1, latentHeight, latentWidth, StartsStream: true), tokenIds, null, cancellationToken);
        return await LeastQueued().Submit(item).ConfigureAwait(false);
    }

    /// <summary>Counters and live-tensor counts, each replica's taken on its worker thread between batches.</summary>
    public async Task<RuntimeStatistics> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var all = await Task.WhenAll(workers.Select(w => w.SnapshotAsync(cancellationToken))).ConfigureAwait(false);
        return all.Aggregate((a, b) => new RuntimeStatistics(
            a.QueueDepth + b.QueueDepth,
            a.OpenStreams + b.OpenStreams,
            a.HeldStreamTensors + b.HeldStreamTensors,
            a.Batches + b.Batches,
            a.Rows + b.Rows,
            Math.Max(a.LargestBatch, b.LargestBatch),
            a.ItemsCompleted + b.ItemsCompleted,
            a.ItemsDropped + b.ItemsDropped,
            a.ItemsDiscarded + b.ItemsDiscarded,
            a.ItemsFailed + b.ItemsFailed,
            a.WorkerLiveTensors + b.WorkerLiveTensors,
            b.ProcessLiveTensors));
    }

    /// <summary>Stops the workers: queued work fails with <see cref="ObjectDisposedException"/>, states and models are freed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }

            metrics.Dispose();
        }
    }

    private InferenceWorker LeastStreams()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return workers.MinBy(w => w.AssignedStreams)!;
    }

    private InferenceWorker LeastQueued()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return workers.MinBy(w => w.QueueDepth)!;
    }

    private static void RequireSize(int height, int width, int factor, string what)
    {
        if (height <= 0 || width <= 0 || height % factor != 0 || width % factor != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"{what} size {height}×{width} must be positive multiples of {factor}.");
        }
    }

    private static void RequireRows<T>(IReadOnlyList<ReadOnlyMemory<T>> rows, int length, string paramName)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("At least one item is required.", paramName);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != length)
            {
                throw new ArgumentException($"Item {i} holds {rows[i].Length} values, expected {length}.", paramName);
            }
        }
    }

    private static void RequireWindow(TokenizerConfig config, int windowFrames)
    {
        if (config.Kind == TokenizerKind.Video && (windowFrames - 1) % config.TemporalFactor != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowFrames), windowFrames, $"Windows hold 1 + {config.TemporalFactor}k frames.");
        }
    }
}
