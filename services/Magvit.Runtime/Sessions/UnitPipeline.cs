using System.Runtime.CompilerServices;

namespace Magvit.Runtime.Sessions;

/// <summary>
/// Cuts a stream of whole frames (<c>frameLength</c> values each) into the units the model advances by — a causal
/// encoder's 1 then TemporalFactor frames, one latent frame, or a window — runs them one at a time in order (each
/// depends on the state the previous one left) and yields each unit's outputs as soon as it is computed. Frames of an
/// unfinished unit wait in a buffer of less than one unit. One push at a time; any failure, cancellation or abandoned
/// enumeration ends the stream, and the end of a stream, however it comes, releases its state once.
/// </summary>
internal sealed class UnitPipeline<TIn, TOut, TFrame> : IDisposable
{
    private const string Disposed = "disposed";
    private readonly int frameLength;
    private readonly Func<long, int> unitFrames;
    private readonly bool flushPartial;
    private readonly Func<ReadOnlyMemory<TIn>, int, bool, CancellationToken, Task<TOut[][]>> run;
    private readonly Func<long, TOut[], TFrame> toFrame;
    private readonly Action release;
    private TIn[] partial = [];
    private int partialFrames;
    private int busy;
    private int released;
    private volatile string? ended;

    /// <param name="frameLength">Values per input frame.</param>
    /// <param name="unitFrames">Input frames of unit n (n = units run so far).</param>
    /// <param name="flushPartial">Whether completing runs a last, shorter unit (windows) or drops it (causal units).</param>
    /// <param name="run">Runs one unit: (frames, frame count, first unit, token) → one array per output frame.</param>
    /// <param name="toFrame">Wraps output frame i.</param>
    /// <param name="release">Frees the stream's state; called once.</param>
    public UnitPipeline(
        int frameLength,
        Func<long, int> unitFrames,
        bool flushPartial,
        Func<ReadOnlyMemory<TIn>, int, bool, CancellationToken, Task<TOut[][]>> run,
        Func<long, TOut[], TFrame> toFrame,
        Action release)
    {
        (this.frameLength, this.unitFrames, this.flushPartial) = (frameLength, unitFrames, flushPartial);
        (this.run, this.toFrame, this.release) = (run, toFrame, release);
    }

    /// <summary>Input frames accepted.</summary>
    public long FramesIn { get; private set; }

    /// <summary>Output frames yielded.</summary>
    public long FramesOut { get; private set; }

    /// <summary>Units computed.</summary>
    public long UnitsRun { get; private set; }

    /// <summary>Adds whole frames; yields the output frames of every unit they complete.</summary>
    public IAsyncEnumerable<TFrame> PushAsync(ReadOnlyMemory<TIn> frames, CancellationToken cancellationToken)
    {
        if (frames.Length % frameLength != 0)
        {
            throw new ArgumentException($"{frames.Length} values are not whole frames of {frameLength}.", nameof(frames));
        }

        ThrowIfEnded();
        return RunAsync(frames, complete: false, cancellationToken);
    }

    /// <summary>Ends the stream: runs the last partial window where there is one, then releases the state.</summary>
    public IAsyncEnumerable<TFrame> CompleteAsync(CancellationToken cancellationToken)
    {
        ThrowIfEnded();
        return RunAsync(ReadOnlyMemory<TIn>.Empty, complete: true, cancellationToken);
    }

    /// <summary>Ends the stream (if it has not ended) and releases its state.</summary>
    public void Dispose() => End(Disposed);

    private async IAsyncEnumerable<TFrame> RunAsync(ReadOnlyMemory<TIn> frames, bool complete, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref busy, 1) == 1)
        {
            throw new InvalidOperationException("A push or completion of this stream is still running; await it first.");
        }

        var finished = false;
        try
        {
            ThrowIfEnded();
            FramesIn += frames.Length / frameLength;
            var units = Plan(frames, complete);
            if (units.Count == 0)
            {
                finished = true;
            }

            for (var u = 0; u < units.Count; u++)
            {
                ThrowIfEnded();  // disposed meanwhile: stop within one unit
                var outputs = await run(units[u].Data, units[u].Frames, UnitsRun == 0, cancellationToken).ConfigureAwait(false);
                UnitsRun++;
                finished = u == units.Count - 1;  // before the last yields: a consumer may stop after the last frame
                foreach (var output in outputs)
                {
                    yield return toFrame(FramesOut++, output);
                }
            }
        }
        finally
        {
            Volatile.Write(ref busy, 0);
            if (!finished)
            {
                End("failed, was cancelled or was abandoned mid-push");
            }
            else if (complete)
            {
                End("completed");
            }
        }
    }

    /// <summary>The whole units of the buffered and new frames, in order; the rest is buffered.</summary>
    private List<(ReadOnlyMemory<TIn> Data, int Frames)> Plan(ReadOnlyMemory<TIn> frames, bool complete)
    {
        var units = new List<(ReadOnlyMemory<TIn>, int)>();
        var (offset, total) = (0, frames.Length / frameLength);
        while (true)
        {
            var size = unitFrames(UnitsRun + units.Count);
            var available = partialFrames + total - offset;
            if (available < size && !(complete && flushPartial && available > 0))
            {
                break;
            }

            var take = Math.Min(size, available);
            if (partialFrames == 0)
            {
                // The caller's memory itself: no copy.
                units.Add((frames.Slice(offset * frameLength, take * frameLength), take));
            }
            else
            {
                var unit = new TIn[take * frameLength];
                partial.AsSpan(0, partialFrames * frameLength).CopyTo(unit);
                frames.Span.Slice(offset * frameLength, (take - partialFrames) * frameLength).CopyTo(unit.AsSpan(partialFrames * frameLength));
                units.Add((unit, take));
            }

            offset += take - partialFrames;
            partialFrames = 0;
        }

        var rest = total - offset;
        if (rest > 0)
        {
            // Less than one unit: keep it (a copy — the caller may reuse its buffer) for the next push.
            var needed = (partialFrames + rest) * frameLength;
            if (partial.Length < needed)
            {
                Array.Resize(ref partial, needed);
            }

            frames.Span.Slice(offset * frameLength).CopyTo(partial.AsSpan(partialFrames * frameLength));
            partialFrames += rest;
        }

        return units;
    }

    private void End(string reason)
    {
        ended ??= reason;
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            release();
        }
    }

    private void ThrowIfEnded()
    {
        switch (ended)
        {
            case null:
                return;
            case Disposed:
                throw new ObjectDisposedException(GetType().Name, "The stream was disposed.");
            default:
                throw new InvalidOperationException($"The stream has ended ({ended}); open a new one.");
        }
    }
}
