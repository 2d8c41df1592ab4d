namespace Magvit.Runtime.Generation;

/// <summary>Job totals shared by an engine's workers (interlocked: several workers update them).</summary>
internal sealed class GeneratorCounters
{
    private int running;
    private long completed;
    private long cancelled;
    private long failed;

    public int Running => Volatile.Read(ref running);

    public long Completed => Interlocked.Read(ref completed);

    public long Cancelled => Interlocked.Read(ref cancelled);

    public long Failed => Interlocked.Read(ref failed);

    public void Start() => Interlocked.Increment(ref running);

    public void Stop() => Interlocked.Decrement(ref running);

    public void Complete() => Interlocked.Increment(ref completed);

    public void Cancel() => Interlocked.Increment(ref cancelled);

    public void Fail() => Interlocked.Increment(ref failed);
}
