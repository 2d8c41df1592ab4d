namespace Magvit.Cli.Benchmarks;

/// <summary>Best encode and decode wall times of one clip and their conv MACs (as the layers define them).</summary>
internal sealed record PathTiming(double EncodeSeconds, double EncodeMacs, double DecodeSeconds, double DecodeMacs);
