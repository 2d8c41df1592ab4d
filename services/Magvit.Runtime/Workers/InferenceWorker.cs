using System.Collections.Concurrent;
using System.Diagnostics;
using Magvit.Model.Tokenizer;
using Magvit.Runtime.Telemetry;
using Magvit.Runtime.Work;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Magvit.Runtime.Workers;

/// <summary>
/// One model replica and the dedicated thread that owns it. Every tensor of the replica — weights, batches, the
/// streams' causal states — is created, used and disposed on that thread: one dispose scope per batch under
/// inference mode, nothing awaited inside it, results leaving as managed arrays. Other threads only add queue items
/// and control actions (stream releases, statistics), which run between batches.
/// </summary>
internal sealed class InferenceWorker : IDisposable
{
    private readonly int index;
    private readonly TokenizerEngineOptions options;
    private readonly RuntimeMetrics metrics;
    private readonly ILogger logger;
    private readonly WorkQueue queue;
    private readonly ConcurrentQueue<Action> control = new();
    private readonly Lock controlGate = new();
    private readonly HashSet<StreamSlot> liveSlots = [];  // worker thread only
    private readonly WorkerCounters counters = new();     // worker thread only
    private readonly TaskCompletionSource<TokenizerConfig> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread thread;
    private volatile bool stopping;
    private bool controlClosed;
    private int assignedStreams;

    /// <summary>Starts the thread, which builds its model with <paramref name="modelFactory"/>.</summary>
    public InferenceWorker(int index, Func<MagvitTokenizer> modelFactory, TokenizerEngineOptions options, RuntimeMetrics metrics, ILogger logger)
    {
        (this.index, this.options, this.metrics, this.logger) = (index, options, metrics, logger);
        queue = new WorkQueue(options.MaxQueue, options.MaxBatchSize, options.MaxBatchDelay);
        thread = new Thread(() => Run(modelFactory)) { IsBackground = true, Name = $"magvit-inference-{index}" };
        thread.Start();
    }

    /// <summary>The model's config once it has loaded; faults when the factory threw.</summary>
    public Task<TokenizerConfig> Ready => ready.Task;

    /// <summary>Items waiting.</summary>
    public int QueueDepth => queue.Count;

    /// <summary>False once the worker has stopped (disposed, or crashed on a bug).</summary>
    public bool IsRunning => !stopping;

    /// <summary>Streams opened on this replica and not yet released.</summary>
    public int AssignedStreams => Volatile.Read(ref assignedStreams);

    /// <summary>Queues <paramref name="item"/>; throws <see cref="QueueFullException"/> at once when the queue is full.</summary>
    public Task<TResult> Submit<TResult>(WorkItem<TResult> item)
        where TResult : class
    {
        ObjectDisposedException.ThrowIf(stopping, this);
        item.CancellationToken.ThrowIfCancellationRequested();
        try
        {
            queue.Add(item);
        }
        catch (QueueFullException)
        {
            metrics.Error("queue_full");
            logger.QueueFull(index, options.MaxQueue);
            throw;
        }

        return item.Task;
    }

    /// <summary>A new stream's slot on this replica.</summary>
    public StreamSlot Attach()
    {
        Interlocked.Increment(ref assignedStreams);
        return new StreamSlot();
    }

    /// <summary>Frees a stream's state on the worker thread; later items of the stream fail. Call once per slot.</summary>
    public void Release(StreamSlot slot)
    {
        Interlocked.Decrement(ref assignedStreams);
        _ = Post(() =>
        {
            slot.Released = true;
            slot.State.Dispose();
            liveSlots.Remove(slot);
        });
    }

    /// <summary>Statistics taken on the worker thread between batches.</summary>
    public Task<RuntimeStatistics> SnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = new TaskCompletionSource<RuntimeStatistics>(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!Post(() => snapshot.TrySetResult(counters.Snapshot(queue.Count, liveSlots))), this);

        return snapshot.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the worker thread between batches; false once the worker has stopped (then
    /// nothing of its is left to act on).
    /// </summary>
    internal bool Post(Action action)
    {
        lock (controlGate)
        {
            if (controlClosed)
            {
                return false;
            }

            control.Enqueue(action);
        }

        queue.Signal();
        return true;
    }

    /// <summary>Stops the thread: queued items fail, held states and the model are disposed on it.</summary>
    public void Dispose()
    {
        stopping = true;
        queue.Signal();
        thread.Join();
        queue.Dispose();
    }

    private void Run(Func<MagvitTokenizer> modelFactory)
    {
        MagvitTokenizer? model = null;
        try
        {
            model = modelFactory();
            RequireRgb(model.Config);
            model.eval();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.WorkerFailed(e, index);
            model?.Dispose();
            stopping = true;
            Shutdown(null);
            ready.SetException(e);
            return;
        }

        ready.SetResult(model.Config);
        var threads = torch.get_num_threads();
        logger.WorkerStarted(index, model.Config.Kind, threads, options.MaxBatchSize);
        try
        {
            while (!stopping)
            {
                RunControl();
                if (!stopping && queue.Take(Dropped, mayWait: liveSlots.Count > 1) is { } batch)
                {
                    Execute(model, batch);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not a bad batch (those fail their items): stop serving rather than take the process down.
            logger.WorkerCrashed(e, index);
        }
        finally
        {
            // Nobody may wait forever on a stopped worker.
            stopping = true;
            Shutdown(model);
        }
    }

    private void Execute(MagvitTokenizer model, List<WorkItem> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var key = batch[0].Key;
        foreach (var item in batch)
        {
            metrics.QueueWait(Stopwatch.GetElapsedTime(item.EnqueuedAt, started), key.Kind);
        }

        // A stream that ended while its unit waited (disposed or failed meanwhile) has no state left to advance.
        foreach (var item in batch.Where(i => i.Slot?.Released == true))
        {
            item.Release();
            item.Fail(new ObjectDisposedException("The stream ended before this unit ran."));
            counters.Failed++;
            metrics.Error("stream_ended");
        }

        batch.RemoveAll(i => i.Slot?.Released == true);
        if (batch.Count == 0)
        {
            return;
        }

        // Tracked before the forward, so whatever a state comes to hold is freed at shutdown even if the forward throws.
        liveSlots.UnionWith(batch.Select(i => i.Slot).OfType<StreamSlot>());
        var rows = batch.Sum(i => i.Rows);
        int outFrames;
        try
        {
            using var scope = torch.NewDisposeScope();
            using var inference = torch.inference_mode();
            outFrames = key.Kind == WorkKind.Encode
                ? EncodeBatch.Run(model, key, batch.Cast<EncodeItem>().ToList())
                : DecodeBatch.Run(model, key, batch.Cast<DecodeItem>().ToList());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.BatchFailed(e, index, key.Kind, rows);
            foreach (var item in batch)
            {
                item.Release();
                item.Fail(e);
                metrics.Error("compute");
            }

            counters.Failed += batch.Count;
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Publish(batch);
        var factor = model.Config.SpatialFactor;
        var (frames, tokens) = key.Kind == WorkKind.Encode
            ? (rows * (long)key.Frames, rows * (long)outFrames * (key.Height / factor) * (key.Width / factor))
            : (rows * (long)outFrames, rows * (long)key.Frames * key.Height * key.Width);
        counters.Batch(rows);
        metrics.Batch(key.Kind, rows, elapsed, frames, tokens);
    }

    private void Publish(List<WorkItem> batch)
    {
        foreach (var item in batch)
        {
            item.Release();
            if (item.Publish())
            {
                counters.Completed++;
            }
            else
            {
                // Cancelled while its batch ran: the result is dropped, the stream is ended by its caller.
                counters.Discarded++;
                metrics.Error("discarded");
            }
        }
    }

    private void Dropped(WorkItem _)
    {
        counters.Dropped++;
        metrics.Error("cancelled");
    }

    private void RunControl()
    {
        while (control.TryDequeue(out var action))
        {
            action();
        }
    }

    private void Shutdown(MagvitTokenizer? model)
    {
        var left = queue.Close();
        foreach (var item in left)
        {
            item.Fail(new ObjectDisposedException(nameof(TokenizerEngine), "The engine stopped before this work ran."));
            metrics.Error("shutdown");
        }

        lock (controlGate)
        {
            controlClosed = true;
        }

        RunControl();
        foreach (var slot in liveSlots)
        {
            slot.Released = true;
            slot.State.Dispose();
        }

        liveSlots.Clear();
        model?.Dispose();
        logger.WorkerStopped(index, left.Count);
    }

    private static void RequireRgb(TokenizerConfig config)
    {
        if (config.InChannels != 3 || config.OutChannels != 3)
        {
            throw new NotSupportedException($"The runtime serves RGB models; this one has {config.InChannels} in and {config.OutChannels} out channels.");
        }
    }
}
