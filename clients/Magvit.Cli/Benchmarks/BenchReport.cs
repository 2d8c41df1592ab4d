namespace Magvit.Cli.Benchmarks;

/// <summary>The <c>bench model --json</c> object: the machine's conv2d peak and each path measured against it.</summary>
/// <param name="PeakGflops">Best conv2d throughput (128→128, 3×3, 32², batch 4, fp32) in either memory layout.</param>
/// <param name="PeakNchwGflops">The peak with NCHW tensors.</param>
/// <param name="PeakNhwcGflops">The peak with channels-last tensors.</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="Quick">Whether the video paths ran at 9×64² instead of 17×128².</param>
/// <param name="PeakRssMegabytes">The process's peak resident memory.</param>
/// <param name="CausalConv">How the video paths computed their causal 3-D convs.</param>
/// <param name="Image">The image path, when run.</param>
/// <param name="Video">The reference video path, when run.</param>
/// <param name="Causal">The causal default path, when run.</param>
internal sealed record BenchReport(
    double PeakGflops, double PeakNchwGflops, double PeakNhwcGflops, int Threads, bool Quick, double PeakRssMegabytes, string CausalConv,
    PathResult? Image, PathResult? Video, PathResult? Causal);
