namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>What <c>bench serve</c> runs: one model, one clip shape, and how many repetitions of each measurement.</summary>
/// <param name="ModelPath">Model folder or checkpoint; null for random weights of <paramref name="Preset"/>.</param>
/// <param name="Preset">Preset of the random weights when no model path is given.</param>
/// <param name="Size">Frame height = width, pixels.</param>
/// <param name="Frames">Frames per clip (1 + t·k for a causal model, so every frame yields tokens).</param>
/// <param name="Quick">One round of one clip each, for a smoke run.</param>
/// <param name="Threads">libtorch intra-op threads; 0 keeps libtorch's default.</param>
internal sealed record ServeSettings(string? ModelPath, string Preset, int Size, int Frames, bool Quick, int Threads)
{
    /// <summary>
    /// Pairs of one gRPC clip and one in-process clip, run back to back in alternating order; the ratio is the median
    /// of the pairs' ratios. Single clips, not blocks of clips: the load of a shared machine changes within seconds,
    /// and only neighbouring measurements see the same load.
    /// </summary>
    public int Pairs => Quick ? 1 : 4;

    /// <summary>Samples of the time to the first output, per path (alternating, as the pairs).</summary>
    public int FirstOutputSamples => Quick ? 2 : 7;

    /// <summary>Concurrent stream counts of the batching sweep.</summary>
    public IReadOnlyList<int> StreamCounts { get; } = [1, 2, 4, 8];

    /// <summary>Passes over <see cref="StreamCounts"/>: up, then down again, so a drift in load favours no count.</summary>
    public int SweepPasses => Quick ? 1 : 2;

    /// <summary>Longest one call may take (eight concurrent 17-frame decodes take about a minute on two cores).</summary>
    public TimeSpan CallDeadline { get; } = TimeSpan.FromMinutes(15);

    /// <summary>The model as the report names it.</summary>
    public string ModelName => ModelPath ?? $"random:{Preset}";
}
