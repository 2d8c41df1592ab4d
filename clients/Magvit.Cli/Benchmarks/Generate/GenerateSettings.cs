using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Generation.Masked;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>What <c>bench generate</c> runs: which two generators, and how many repetitions of each measurement.</summary>
/// <param name="ModelPaths">Model folders or checkpoints; each takes the place of the preset of its kind.</param>
/// <param name="ArPreset">Autoregressive preset given on the command line (null: the default).</param>
/// <param name="MaskedPreset">Masked preset given on the command line, without the <c>masked-</c> prefix (null: the default).</param>
/// <param name="Quick">A smoke run: tiny presets by default, one round of everything.</param>
/// <param name="RoundsOption">Rounds given on the command line; 0 takes the default.</param>
/// <param name="Threads">libtorch intra-op threads; 0 keeps libtorch's default.</param>
internal sealed record GenerateSettings(IReadOnlyList<string> ModelPaths, string? ArPreset, string? MaskedPreset, bool Quick, int RoundsOption, int Threads)
{
    /// <summary>Default rounds of a full run: three pairs give a median that one slow neighbour cannot move.</summary>
    public const int DefaultRounds = 3;

    /// <summary>The autoregressive preset in use when no AR model path is given.</summary>
    public string ArPresetName => ArPreset ?? (Quick ? AutoregressivePresets.TinyVideo : AutoregressivePresets.Video64);

    /// <summary>The masked preset in use when no masked model path is given, as GeneratorCheckpoint names it.</summary>
    public string MaskedPresetName => GeneratorCheckpoint.MaskedPresetPrefix + (MaskedPreset ?? (Quick ? MaskedPresets.Tiny : MaskedPresets.Video64));

    /// <summary>
    /// Side-by-side pairs per measurement (A then B, next round B then A); each ratio is the median of the pairs'
    /// ratios: the load of a shared machine changes within seconds, and only neighbouring runs see the same load.
    /// </summary>
    public int Rounds => RoundsOption > 0 ? RoundsOption : Quick ? 1 : DefaultRounds;

    /// <summary>Masked decoding iterations per latent frame that are compared.</summary>
    public IReadOnlyList<int> MaskedSteps { get; } = [8, 12];

    /// <summary>Generator host replica counts of the throughput measurement.</summary>
    public IReadOnlyList<int> Replicas { get; } = [1, 2];

    /// <summary>Concurrent requests compared in the throughput measurement: one alone, then four at once.</summary>
    public (int One, int Many) Concurrency { get; } = (1, 4);

    /// <summary>Passes over the concurrency pair: 1 then 4 requests, then (full runs) 4 then 1, so a drift in load favours neither.</summary>
    public int ThroughputPasses => Quick ? 1 : 2;

    /// <summary>Time-to-first-token samples per path (gRPC and in-process alternate).</summary>
    public int FirstTokenSamples => Quick ? 1 : 2 * Rounds;

    /// <summary>
    /// Guidance scale of the guided runs: any s ≠ 1 runs the conditional and null-class rows as one batch of 2B, so
    /// the speed does not depend on the value.
    /// </summary>
    public double GuidanceScale { get; } = 3.0;

    /// <summary>Longest one gRPC call may take.</summary>
    public TimeSpan CallDeadline { get; } = TimeSpan.FromMinutes(10);
}
