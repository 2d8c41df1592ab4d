namespace Magvit.Runtime.Generation;

/// <summary>How a <see cref="GeneratorEngine"/> runs its models. Validated when the engine starts.</summary>
public sealed class GeneratorEngineOptions
{
    /// <summary>libtorch intra-op threads (process-wide); 0 keeps libtorch's default (one per core).</summary>
    public int Threads { get; set; }

    /// <summary>Model copies, each with its own worker thread: generations that run at the same time.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Generations and scorings waiting for a worker; one more fails at once with <see cref="QueueFullException"/>.</summary>
    public int MaxQueue { get; set; } = 16;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Threads, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(Replicas, 1, nameof(Replicas));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueue, 1, nameof(MaxQueue));
    }
}
