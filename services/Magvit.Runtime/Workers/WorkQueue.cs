using System.Diagnostics;
using System.Threading.Channels;
using Magvit.Runtime.Work;

namespace Magvit.Runtime.Workers;

/// <summary>
/// A replica's bounded queue and its batching policy. Callers add from any thread; only the worker thread takes.
/// At most <c>capacity</c> items wait at any time — in the channel, or set aside by the worker while it gathered a
/// batch of another key — so nothing buffers without bound, and one more fails at once.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly Channel<WorkItem> channel;
    private readonly AutoResetEvent wake = new(false);
    private readonly List<WorkItem> setAside = [];  // worker thread only; oldest first
    private readonly int capacity;
    private readonly int maxRows;
    private readonly TimeSpan maxDelay;
    private int waiting;

    /// <summary>A queue of at most <paramref name="capacity"/> items, batching up to <paramref name="maxRows"/> rows.</summary>
    public WorkQueue(int capacity, int maxRows, TimeSpan maxDelay)
    {
        channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(capacity) { SingleReader = true });
        (this.capacity, this.maxRows, this.maxDelay) = (capacity, maxRows, maxDelay);
    }

    /// <summary>Items admitted and not yet taken into a batch.</summary>
    public int Count => Volatile.Read(ref waiting);

    /// <summary>Admits <paramref name="item"/>, or throws <see cref="QueueFullException"/> without waiting.</summary>
    public void Add(WorkItem item)
    {
        if (Interlocked.Increment(ref waiting) > capacity)
        {
            Interlocked.Decrement(ref waiting);
            throw new QueueFullException($"The inference queue holds {capacity} items already.");
        }

        item.Admit();
        if (!channel.Writer.TryWrite(item))
        {
            // Only after Close: the channel itself never fills before the counter does.
            Interlocked.Decrement(ref waiting);
            item.Release();
            throw new ObjectDisposedException(nameof(TokenizerEngine));
        }

        wake.Set();
    }

    /// <summary>Wakes the worker (for control work that is not a queue item).</summary>
    public void Signal() => wake.Set();

    /// <summary>
    /// The next batch: the oldest live item, then items of its key (set-aside ones first, in order) until
    /// <c>maxRows</c> rows or <c>maxDelay</c> after the first was taken. Items of other keys are set aside for later
    /// batches, which start from the oldest of them, so no key starves. Items cancelled while waiting are handed to
    /// <paramref name="dropped"/> and never run. Returns null when woken with nothing to run.
    /// <paramref name="mayWait"/> false skips the wait: with no other stream open nothing compatible can come, and
    /// waiting would only add <c>maxDelay</c> to a lone stream's every step.
    /// </summary>
    public List<WorkItem>? Take(Action<WorkItem> dropped, bool mayWait = true)
    {
        var first = TakeFirst(dropped);
        if (first is null)
        {
            wake.WaitOne();
            return null;
        }

        var batch = new List<WorkItem> { first };
        var rows = first.Rows;
        for (var i = 0; i < setAside.Count && rows < maxRows; i++)
        {
            var item = setAside[i];
            if (item.IsCompleted)
            {
                setAside.RemoveAt(i--);
                Drop(item, dropped);
            }
            else if (item.Key == first.Key && rows + item.Rows <= maxRows)
            {
                setAside.RemoveAt(i--);
                rows += Taken(item, batch);
            }
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(maxDelay.TotalSeconds * Stopwatch.Frequency);
        while (rows < maxRows)
        {
            if (channel.Reader.TryRead(out var item))
            {
                if (item.IsCompleted)
                {
                    Drop(item, dropped);
                }
                else if (item.Key == first.Key && rows + item.Rows <= maxRows)
                {
                    rows += Taken(item, batch);
                }
                else
                {
                    setAside.Add(item);
                }

                continue;
            }

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (!mayWait || remaining <= TimeSpan.Zero || !wake.WaitOne(remaining))
            {
                break;
            }
        }

        return batch;
    }

    /// <summary>Refuses further items and returns every item still waiting (worker thread, at shutdown).</summary>
    public List<WorkItem> Close()
    {
        channel.Writer.TryComplete();
        var left = new List<WorkItem>(setAside);
        setAside.Clear();
        while (channel.Reader.TryRead(out var item))
        {
            left.Add(item);
        }

        Interlocked.Add(ref waiting, -left.Count);
        left.ForEach(i => i.Release());
        return left;
    }

    /// <inheritdoc />
    public void Dispose() => wake.Dispose();

    private WorkItem? TakeFirst(Action<WorkItem> dropped)
    {
        while (setAside.Count > 0)
        {
            var item = setAside[0];
            setAside.RemoveAt(0);
            if (!item.IsCompleted)
            {
                Taken(item, null);
                return item;
            }

            Drop(item, dropped);
        }

        while (channel.Reader.TryRead(out var item))
        {
            if (!item.IsCompleted)
            {
                Taken(item, null);
                return item;
            }

            Drop(item, dropped);
        }

        return null;
    }

    private int Taken(WorkItem item, List<WorkItem>? batch)
    {
        Interlocked.Decrement(ref waiting);
        batch?.Add(item);
        return item.Rows;
    }

    private void Drop(WorkItem item, Action<WorkItem> dropped)
    {
        Interlocked.Decrement(ref waiting);
        item.Release();
        dropped(item);
    }
}
