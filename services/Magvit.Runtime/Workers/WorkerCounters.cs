using Magvit.Runtime.Work;
using TorchSharp;

namespace Magvit.Runtime.Workers;

/// <summary>A worker's running totals; read and written on its thread only, so plain fields suffice.</summary>
internal sealed class WorkerCounters
{
    public long Batches { get; private set; }

    public long Rows { get; private set; }

    public int LargestBatch { get; private set; }

    public long Completed { get; set; }

    public long Dropped { get; set; }

    public long Discarded { get; set; }

    public long Failed { get; set; }

    /// <summary>Counts one forward of <paramref name="rows"/> rows.</summary>
    public void Batch(int rows)
    {
        Batches++;
        Rows += rows;
        LargestBatch = Math.Max(LargestBatch, rows);
    }

    /// <summary>The totals with the queue, the held states and this thread's live tensors (call on the worker thread).</summary>
    public RuntimeStatistics Snapshot(int queueDepth, IReadOnlyCollection<StreamSlot> liveSlots) => new(
        queueDepth,
        liveSlots.Count,
        liveSlots.Sum(s => (long)s.State.HeldTensors),
        Batches,
        Rows,
        LargestBatch,
        Completed,
        Dropped,
        Discarded,
        Failed,
        DisposeScopeManager.Statistics.ThreadTotalLiveCount,
        torch.Tensor.TotalCount);
}
