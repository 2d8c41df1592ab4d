namespace Magvit.Cli.Benchmarks;

/// <summary>Encode or decode of one clip: best wall time over the timed repetitions.</summary>
/// <param name="Seconds">Best wall time.</param>
/// <param name="Gmacs">Conv multiply-accumulates per clip as the layers define them, in 10⁹.</param>
/// <param name="FramesPerSecond">Frames (images) per second.</param>
/// <param name="Gflops">2 × MACs per second, in 10⁹.</param>
/// <param name="RatioToPeak">Gflops over the measured conv2d peak.</param>
/// <param name="CpuSeconds">Process CPU time of that run: ÷ threads, the wall time it would take on idle cores.</param>
internal sealed record PhaseResult(double Seconds, double Gmacs, double FramesPerSecond, double Gflops, double RatioToPeak, double CpuSeconds)
{
    /// <summary><paramref name="frames"/> frames in <paramref name="seconds"/> with <paramref name="macs"/> conv MACs.</summary>
    public static PhaseResult From(double seconds, double cpuSeconds, double macs, int frames, double peakGflops)
    {
        var gflops = 2 * macs / seconds / 1e9;
        return new PhaseResult(seconds, macs / 1e9, frames / seconds, gflops, gflops / peakGflops, cpuSeconds);
    }
}
