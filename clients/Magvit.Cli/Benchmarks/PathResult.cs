namespace Magvit.Cli.Benchmarks;

/// <summary>
/// One benchmark path; the top-level numbers are for the round trip (encode + decode of the same clip).
/// </summary>
/// <param name="Config">Preset name.</param>
/// <param name="Frames">Frames per clip (1 for images).</param>
/// <param name="Size">Height = width.</param>
/// <param name="FramesPerSecond">Frames per second through encode + decode.</param>
/// <param name="Gflops">Conv GFLOP/s over encode + decode.</param>
/// <param name="RatioToPeak">Gflops over the measured conv2d peak.</param>
/// <param name="Encode">The encode half.</param>
/// <param name="Decode">The decode half.</param>
internal sealed record PathResult(
    string Config, int Frames, int Size, double FramesPerSecond, double Gflops, double RatioToPeak, PhaseResult Encode, PhaseResult Decode)
{
    /// <summary>The result of <paramref name="timing"/> on <paramref name="path"/>, against <paramref name="peakGflops"/>.</summary>
    public static PathResult From(BenchmarkPath path, PathTiming timing, double peakGflops)
    {
        var both = PhaseResult.From(
            timing.EncodeSeconds + timing.DecodeSeconds, timing.EncodeCpuSeconds + timing.DecodeCpuSeconds, timing.EncodeMacs + timing.DecodeMacs, path.Frames, peakGflops);
        return new PathResult(
            path.Preset, path.Frames, path.Size, both.FramesPerSecond, both.Gflops, both.RatioToPeak,
            PhaseResult.From(timing.EncodeSeconds, timing.EncodeCpuSeconds, timing.EncodeMacs, path.Frames, peakGflops),
            PhaseResult.From(timing.DecodeSeconds, timing.DecodeCpuSeconds, timing.DecodeMacs, path.Frames, peakGflops));
    }
}
