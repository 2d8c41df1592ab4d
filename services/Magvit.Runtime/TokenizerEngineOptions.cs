using Magvit.Model.Streaming;

namespace Magvit.Runtime;

/// <summary>How a <see cref="TokenizerEngine"/> runs its models. Validated when the engine starts.</summary>
public sealed class TokenizerEngineOptions
{
    /// <summary>libtorch intra-op threads (process-wide); 0 keeps libtorch's default (one per core).</summary>
    public int Threads { get; set; }

    /// <summary>Model copies, each with its own worker thread; a stream stays on the replica that opened it.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Most batch rows (frames of concurrent streams, or images) stacked into one forward.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How long a worker waits for compatible work after taking the first item; zero never waits.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Work items waiting per replica; one more fails at once with <see cref="QueueFullException"/>.</summary>
    public int MaxQueue { get; set; } = 64;

    /// <summary>Frames per independent window for models that are not strictly causal (1 + TemporalFactor·k).</summary>
    public int WindowFrames { get; set; } = TokenizerSessions.DefaultWindowFrames;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Threads, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(Replicas, 1, nameof(Replicas));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchDelay, TimeSpan.Zero, nameof(MaxBatchDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchDelay, TimeSpan.FromSeconds(1), nameof(MaxBatchDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueue, 1, nameof(MaxQueue));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowFrames, 1, nameof(WindowFrames));
    }
}
