namespace Magvit.Cli.Benchmarks;

/// <summary>
/// Best encode and decode wall times of one clip, the process CPU seconds of those runs (on a shared machine,
/// CPU ÷ threads is what the run would take alone), and their conv MACs as the layers define them.
/// </summary>
internal sealed record PathTiming(
    double EncodeSeconds, double EncodeCpuSeconds, double EncodeMacs, double DecodeSeconds, double DecodeCpuSeconds, double DecodeMacs);
