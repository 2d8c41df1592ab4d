using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Magvit.Model.Generation;
using Magvit.Model.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magvit.Runtime.Generation;

/// <summary>
/// A token model behind a bounded queue: <see cref="GeneratorEngineOptions.Replicas"/> copies, each owned by a
/// dedicated worker thread that runs one generation or scoring at a time. Within a generation the model batches what
/// it can (the conditional and unconditional guidance passes run as one forward). Callers pass and get managed
/// values only. Thread-safe.
/// </summary>
public sealed class GeneratorEngine : IDisposable
{
    private readonly BlockingCollection<GeneratorJob> queue;
    private readonly GeneratorMetrics metrics;
    private readonly GeneratorCounters counters = new();
    private readonly GeneratorWorker[] workers;
    private int disposed;

    /// <summary>
    /// Starts the workers and waits until each has built its model with <paramref name="modelFactory"/> (called once
    /// per replica, on that replica's thread). Throws what the factory threw.
    /// </summary>
    public GeneratorEngine(Func<ITokenGenerator> modelFactory, GeneratorEngineOptions options, ILogger<GeneratorEngine>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.Initialize(options.Threads);
        queue = new BlockingCollection<GeneratorJob>(options.MaxQueue);
        metrics = new GeneratorMetrics(meterFactory, () => queue.Count);
        var log = (ILogger?)logger ?? NullLogger.Instance;
        workers = Enumerable.Range(0, options.Replicas).Select(i => new GeneratorWorker(i, modelFactory, queue, metrics, counters, log)).ToArray();
        try
        {
            Description = Task.WhenAll(workers.Select(w => w.Ready)).GetAwaiter().GetResult()[0];
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The served model's kind and limits.</summary>
    public GeneratorDescription Description { get; } = null!;

    /// <summary>True while every replica's worker runs (for health checks).</summary>
    public bool IsRunning => Volatile.Read(ref disposed) == 0 && workers.All(w => w.IsRunning);

    /// <summary>
    /// Queues a generation and returns its token stream. Throws <see cref="QueueFullException"/> at once when the queue
    /// is full; errors the model finds (an <see cref="ArgumentException"/> for a request beyond its limits) and
    /// cancellation surface while reading the stream.
    /// </summary>
    public GenerationRun Generate(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var job = new GenerateJob(request, cancellationToken);
        Enqueue(job);
        return job.View;
    }

    /// <summary>Per-token natural-log probabilities of <paramref name="tokens"/> (see <see cref="ITokenGenerator.Score"/>).</summary>
    public async Task<float[]> ScoreAsync(TokenGrid grid, int? classId, IReadOnlyList<long> tokens, CancellationToken cancellationToken)
    {
        var job = new ScoreJob(grid, classId, tokens, cancellationToken);
        Enqueue(job);
        return await job.Task.ConfigureAwait(false);
    }

    /// <summary>Job counters and the process's live tensors.</summary>
    public GeneratorStatistics Statistics => new(queue.Count, counters.Running, counters.Completed, counters.Cancelled, counters.Failed, TorchSharp.torch.Tensor.TotalCount);

    /// <summary>Stops the workers (a running job is cancelled and ends within a step), fails queued jobs, frees the models.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        queue.CompleteAdding();
        foreach (var worker in workers ?? [])
        {
            worker.Dispose();
        }

        while (queue.TryTake(out var job))
        {
            job.Fail(new ObjectDisposedException(nameof(GeneratorEngine), "The generator engine stopped before this job ran."));
        }

        queue.Dispose();
        metrics.Dispose();
    }

    private void Enqueue(GeneratorJob job)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        job.CancellationToken.ThrowIfCancellationRequested();
        if (!queue.TryAdd(job))
        {
            metrics.Error("queue_full");
            throw new QueueFullException($"The generator queue holds {queue.BoundedCapacity} jobs already.");
        }
    }
}
