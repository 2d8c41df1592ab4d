namespace Magvit.Cli.Benchmarks;

/// <summary>Encode or decode of one clip: best wall time over the timed repetitions.</summary>
/// <param name="Seconds">Best wall time.</param>
/// <param name="Gmacs">Conv multiply-accumulates per clip as the layers define them, in 10⁹.</param>
/// <param name="FramesPerSecond">Frames (images) per second.</param>
/// <param name="Gflops">2 × MACs per second, in 10⁹.</param>
/// <param name="RatioToPeak">Gflops over the measured conv2d peak.</param>
internal sealed record PhaseResult(double Seconds, double Gmacs, double FramesPerSecond, double Gflops, double RatioToPeak);
