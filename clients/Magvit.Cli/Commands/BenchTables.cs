using Magvit.Cli.Benchmarks;

namespace Magvit.Cli.Commands;

/// <summary>The human-readable <c>bench model</c> table.</summary>
internal static class BenchTables
{
    public static void Write(TextWriter output, BenchReport report)
    {
        output.WriteLine();
        output.WriteLine($"peak conv2d {report.PeakGflops:F1} GF/s (NCHW {report.PeakNchwGflops:F1}, NHWC {report.PeakNhwcGflops:F1}), {report.Threads} threads, peak RSS {report.PeakRssMegabytes:F0} MB, causal convs: {report.CausalConv}");
        output.WriteLine($"{"path",-8} {"phase",-7} {"seconds",9} {"GMACs",9} {"frames/s",9} {"GF/s",8} {"÷peak",6} {"CPU s",8}");
        foreach (var (name, path) in new[] { ("image", report.Image), ("video", report.Video), ("causal", report.Causal) })
        {
            if (path is null)
            {
                continue;
            }

            Row(output, name, "encode", path.Encode);
            Row(output, name, "decode", path.Decode);
            Row(output, name, "both", new PhaseResult(
                path.Encode.Seconds + path.Decode.Seconds, path.Encode.Gmacs + path.Decode.Gmacs, path.FramesPerSecond, path.Gflops, path.RatioToPeak,
                path.Encode.CpuSeconds + path.Decode.CpuSeconds));
        }
    }

    private static void Row(TextWriter output, string name, string phase, PhaseResult p)
        => output.WriteLine($"{name,-8} {phase,-7} {p.Seconds,9:F3} {p.Gmacs,9:F1} {p.FramesPerSecond,9:F2} {p.Gflops,8:F1} {p.RatioToPeak,6:F2} {p.CpuSeconds,8:F2}");
}
