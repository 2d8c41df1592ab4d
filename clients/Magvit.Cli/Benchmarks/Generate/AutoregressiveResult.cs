namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>The in-process autoregressive measurements.</summary>
/// <param name="Model">The model.</param>
/// <param name="ClassId">Class of every request (null when the model is unconditional).</param>
/// <param name="KvCache">Cached against uncached decoding, per grid size.</param>
/// <param name="TokensIdentical">Whether cached and uncached decoding gave the same tokens in every pair of every grid.</param>
/// <param name="Guidance">Guided against unguided decoding; null for an unconditional model (guidance needs a class).</param>
internal sealed record AutoregressiveResult(
    GeneratorSummary Model,
    int? ClassId,
    IReadOnlyList<KvCachePoint> KvCache,
    bool TokensIdentical,
    GuidanceResult? Guidance);
