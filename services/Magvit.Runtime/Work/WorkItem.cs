using System.Diagnostics;

namespace Magvit.Runtime.Work;

/// <summary>
/// One unit of queued work: some batch rows that share a <see cref="BatchKey"/>, and, for a stream, its slot. The
/// caller's token cancels the result at once (the awaiting caller sees it immediately); the worker then skips the
/// item if it is still queued, or discards its result if its batch is already running.
/// </summary>
internal abstract class WorkItem(BatchKey key, int rows, StreamSlot? slot, CancellationToken cancellationToken)
{
    private CancellationTokenRegistration registration;

    /// <summary>What it can be batched with.</summary>
    public BatchKey Key { get; } = key;

    /// <summary>Batch rows it brings.</summary>
    public int Rows { get; } = rows;

    /// <summary>The stream it advances; null for one-off images and windows.</summary>
    public StreamSlot? Slot { get; } = slot;

    /// <summary>The caller's token.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary><see cref="Stopwatch"/> timestamp of admission to the queue.</summary>
    public long EnqueuedAt { get; private set; }

    /// <summary>True once the result was delivered, failed or cancelled.</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>Stamps the admission time and lets the caller's token cancel the result.</summary>
    public void Admit()
    {
        EnqueuedAt = Stopwatch.GetTimestamp();
        registration = CancellationToken.UnsafeRegister(static item => ((WorkItem)item!).Cancel(), this);
    }

    /// <summary>Stops listening to the caller's token (it no longer matters once the item is done).</summary>
    public void Release() => registration.Unregister();

    /// <summary>Delivers the staged result; false when the caller cancelled meanwhile (the result is dropped).</summary>
    public abstract bool Publish();

    /// <summary>Fails the result.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Cancels the result with the caller's token.</summary>
    public abstract void Cancel();
}
