using System.Collections.Concurrent;
using System.Diagnostics;
using Magvit.Model.Generation;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Magvit.Runtime.Generation;

/// <summary>
/// One token-model replica and the dedicated thread that owns it: it builds the model, then takes jobs from the
/// engine's shared queue and runs each to the end inside one dispose scope under inference mode, so every tensor a
/// job makes is freed when it ends, whether it completed, was cancelled or failed.
/// </summary>
internal sealed partial class GeneratorWorker : IDisposable
{
    private readonly int index;
    private readonly BlockingCollection<GeneratorJob> queue;
    private readonly GeneratorMetrics metrics;
    private readonly GeneratorCounters counters;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource<GeneratorDescription> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread thread;

    public GeneratorWorker(int index, Func<ITokenGenerator> modelFactory, BlockingCollection<GeneratorJob> queue, GeneratorMetrics metrics, GeneratorCounters counters, ILogger logger)
    {
        (this.index, this.queue, this.metrics, this.counters, this.logger) = (index, queue, metrics, counters, logger);
        thread = new Thread(() => Run(modelFactory)) { IsBackground = true, Name = $"magvit-generator-{index}" };
        thread.Start();
    }

    /// <summary>The model's description once it has loaded; faults when the factory threw.</summary>
    public Task<GeneratorDescription> Ready => ready.Task;

    /// <summary>False once the worker has stopped.</summary>
    public bool IsRunning => !stopping.IsCancellationRequested && thread.IsAlive;

    /// <summary>Stops taking jobs, cancels the running one (it ends within a step), frees the model.</summary>
    public void Dispose()
    {
        stopping.Cancel();
        thread.Join();
        stopping.Dispose();
    }

    private void Run(Func<ITokenGenerator> modelFactory)
    {
        ITokenGenerator model;
        try
        {
            model = modelFactory();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogLoadFailed(logger, e, index);
            ready.SetException(e);
            return;
        }

        using (model)
        {
            ready.SetResult(model.Description);
            var threads = torch.get_num_threads();
            LogStarted(logger, index, model.Description.Kind, threads);
            try
            {
                while (queue.TryTake(out var job, Timeout.Infinite, stopping.Token))
                {
                    Execute(model, job);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Disposed: the engine fails what is still queued.
            }
        }
    }

    private void Execute(ITokenGenerator model, GeneratorJob job)
    {
        var queueTime = Stopwatch.GetElapsedTime(job.EnqueuedAt);
        var op = job is ScoreJob ? "score" : "generate";
        metrics.QueueWait(queueTime, op);
        if (job.CancellationToken.IsCancellationRequested)
        {
            counters.Cancel();
            job.Fail(new OperationCanceledException(job.CancellationToken));
            return;
        }

        counters.Start();
        var clock = Stopwatch.StartNew();
        try
        {
            // Shutdown cancels a running job too, so Dispose never waits on a caller that does not cancel.
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, stopping.Token);
            using var scope = torch.NewDisposeScope();
            using var inference = torch.inference_mode();
            job.Run(model, queueTime, cancel.Token);
            counters.Complete();
        }
        catch (OperationCanceledException e)
        {
            counters.Cancel();
            metrics.Error("cancelled");
            job.Fail(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            counters.Fail();
            metrics.Error(e is ArgumentException ? "invalid" : "failed");
            if (e is not ArgumentException)
            {
                LogJobFailed(logger, e, index, op);
            }

            job.Fail(e);
        }
        finally
        {
            counters.Stop();
            metrics.Job(clock.Elapsed, op);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Generator worker {Worker} ready: {Kind} model, {Threads} intra-op threads")]
    private static partial void LogStarted(ILogger logger, int worker, GeneratorKind kind, int threads);

    [LoggerMessage(EventId = 21, Level = LogLevel.Critical, Message = "Generator worker {Worker} could not load its model")]
    private static partial void LogLoadFailed(ILogger logger, Exception error, int worker);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Generator worker {Worker}: a {Operation} job failed")]
    private static partial void LogJobFailed(ILogger logger, Exception error, int worker, string operation);
}
