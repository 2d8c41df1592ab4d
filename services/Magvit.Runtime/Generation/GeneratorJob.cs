using System.Diagnostics;
using Magvit.Model.Generation;

namespace Magvit.Runtime.Generation;

/// <summary>A unit of work for a generator worker: runs once on the worker thread, or fails without running.</summary>
internal abstract class GeneratorJob(CancellationToken cancellationToken)
{
    /// <summary>The caller's token: checked before the job starts and by the model between steps.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>When the job was queued (Stopwatch timestamp).</summary>
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>
    /// Runs the job on the worker thread, checking <paramref name="cancellationToken"/> (the caller's, linked with the
    /// worker's shutdown) between steps; exceptions are reported through <see cref="Fail"/> by the worker.
    /// </summary>
    public abstract void Run(ITokenGenerator model, TimeSpan queueTime, CancellationToken cancellationToken);

    /// <summary>Ends the job with <paramref name="error"/> (cancelled, refused, or failed).</summary>
    public abstract void Fail(Exception error);
}
