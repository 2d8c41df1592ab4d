namespace Magvit.Runtime.Work;

/// <summary>A work item whose result is <typeparamref name="TResult"/>: managed arrays, never tensors.</summary>
internal abstract class WorkItem<TResult>(BatchKey key, int rows, StreamSlot? slot, CancellationToken cancellationToken)
    : WorkItem(key, rows, slot, cancellationToken)
    where TResult : class
{
    // Continuations never run on the worker thread.
    private readonly TaskCompletionSource<TResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? staged;

    /// <summary>Completes with the result, the failure or the cancellation.</summary>
    public Task<TResult> Task => completion.Task;

    /// <inheritdoc />
    public override bool IsCompleted => completion.Task.IsCompleted;

    /// <summary>Keeps the result until the batch's dispose scope has closed.</summary>
    public void Stage(TResult result) => staged = result;

    /// <inheritdoc />
    public override bool Publish() => staged is not null && completion.TrySetResult(staged);

    /// <inheritdoc />
    public override void Fail(Exception error) => completion.TrySetException(error);

    /// <inheritdoc />
    public override void Cancel() => completion.TrySetCanceled(CancellationToken);
}
