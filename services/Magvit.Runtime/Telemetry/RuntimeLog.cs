using Magvit.Model.Tokenizer;
using Magvit.Runtime.Work;
using Microsoft.Extensions.Logging;

namespace Magvit.Runtime.Telemetry;

/// <summary>The runtime's log messages, source-generated.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Inference worker {Worker} ready: {Kind} model, {Threads} intra-op threads, batches of up to {MaxBatchSize} rows")]
    public static partial void WorkerStarted(this ILogger logger, int worker, TokenizerKind kind, int threads, int maxBatchSize);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Inference worker {Worker} stopped; {Abandoned} queued items failed")]
    public static partial void WorkerStopped(this ILogger logger, int worker, int abandoned);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Inference worker {Worker}: a {Kind} batch of {Rows} rows failed")]
    public static partial void BatchFailed(this ILogger logger, Exception error, int worker, WorkKind kind, int rows);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Inference worker {Worker}: queue full ({Capacity} items), work refused")]
    public static partial void QueueFull(this ILogger logger, int worker, int capacity);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "Inference worker {Worker} could not load its model")]
    public static partial void WorkerFailed(this ILogger logger, Exception error, int worker);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "Inference worker {Worker} stopped on an unexpected error; its queued work failed")]
    public static partial void WorkerCrashed(this ILogger logger, Exception error, int worker);
}
