namespace Magvit.Runtime;

/// <summary>
/// A snapshot of an engine's workers, each taken on its own worker thread between batches (summed over replicas).
/// Tensor counts let tests and health checks see leaks: after every stream has ended they return to their values
/// at start-up.
/// </summary>
/// <param name="QueueDepth">Work items admitted and not yet started.</param>
/// <param name="OpenStreams">Streams whose causal state is held on a worker.</param>
/// <param name="HeldStreamTensors">Tensors those states hold (one per causal conv per stream).</param>
/// <param name="Batches">Forwards run.</param>
/// <param name="Rows">Batch rows computed over all forwards (a stream's unit is one row, an image one row).</param>
/// <param name="LargestBatch">Most rows in one forward so far.</param>
/// <param name="ItemsCompleted">Work items whose results were delivered.</param>
/// <param name="ItemsDropped">Work items cancelled while queued, never computed.</param>
/// <param name="ItemsDiscarded">Work items computed in a batch whose caller had cancelled meanwhile.</param>
/// <param name="ItemsFailed">Work items whose forward threw.</param>
/// <param name="WorkerLiveTensors">Tensors alive that the worker threads created (model weights included).</param>
/// <param name="ProcessLiveTensors">Tensors alive in the whole process.</param>
public sealed record RuntimeStatistics(
    int QueueDepth,
    int OpenStreams,
    long HeldStreamTensors,
    long Batches,
    long Rows,
    int LargestBatch,
    long ItemsCompleted,
    long ItemsDropped,
    long ItemsDiscarded,
    long ItemsFailed,
    long WorkerLiveTensors,
    long ProcessLiveTensors);
