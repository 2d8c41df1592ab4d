using Magvit.Cli.Benchmarks.Serve;

namespace Magvit.Cli.Commands;

/// <summary>The human-readable <c>bench serve</c> tables: tokenize and detokenize side by side, targets marked.</summary>
internal static class BenchServeTables
{
    public static void Write(TextWriter output, ServeReport report)
    {
        var (t, d) = (report.Tokenize, report.Detokenize);
        output.WriteLine();
        output.WriteLine($"bench serve: {report.Model}, {report.Frames} frames of {report.Size}×{report.Size} per clip, {report.Threads} threads{(report.Quick ? " (--quick)" : "")}");
        output.WriteLine($"  medians of {report.Pairs} gRPC/in-process clip pair(s), {report.FirstOutputSamples} first-output sample(s) per path, {report.SweepPasses} sweep pass(es)");
        output.WriteLine($"  {report.Transport}; NumericsCheck={report.NumericsCheck}; batching ≤ {report.MaxBatchSize} rows, ≤ {report.MaxBatchDelayMs:0.#} ms");
        output.WriteLine();
        output.WriteLine($"{"",-28} {"tokenize",10} {"detokenize",10}   target");
        Row(output, "gRPC frames/s", t.GrpcFramesPerSecond, d.GrpcFramesPerSecond);
        Row(output, "in-process frames/s", t.InprocFramesPerSecond, d.InprocFramesPerSecond);
        Row(output, "gRPC ÷ in-process", t.GrpcVsInprocRatio, d.GrpcVsInprocRatio, $"≥ {ServeBenchmark.RatioTarget}", t.GrpcVsInprocRatio >= ServeBenchmark.RatioTarget && d.GrpcVsInprocRatio >= ServeBenchmark.RatioTarget);
        Row(output, "  share in forwards, gRPC", t.GrpcForwardShare, d.GrpcForwardShare);
        Row(output, "  share in forwards, in-proc", t.InprocForwardShare, d.InprocForwardShare);
        Row(output, "first output over gRPC, ms", t.FirstOutputMs, d.FirstOutputMs);
        Row(output, "first unit in-process, ms", t.FirstUnitComputeMs, d.FirstUnitComputeMs);
        Row(output, "  its forward, gRPC, ms", t.GrpcFirstUnitForwardMs, d.GrpcFirstUnitForwardMs);
        Row(output, "  its forward, in-proc, ms", t.InprocFirstUnitForwardMs, d.InprocFirstUnitForwardMs);
        Row(output, "first output ÷ compute", t.FirstOutputVsComputeRatio, d.FirstOutputVsComputeRatio, $"≤ {ServeBenchmark.FirstOutputTarget}", t.FirstOutputVsComputeRatio <= ServeBenchmark.FirstOutputTarget && d.FirstOutputVsComputeRatio <= ServeBenchmark.FirstOutputTarget);
        for (var i = 0; i < t.Streams.Count; i++)
        {
            var (a, b) = (t.Streams[i], d.Streams[i]);
            output.WriteLine($"{$"{a.Streams} stream(s), frames/s",-28} {a.FramesPerSecond,10:F3} {b.FramesPerSecond,10:F3}   "
                + $"×{a.Speedup:F2} / ×{b.Speedup:F2}; rows per forward {a.MeanBatchRows:F1} / {b.MeanBatchRows:F1}; forward ms per row {a.ForwardMsPerRow:F0} / {b.ForwardMsPerRow:F0}");
        }

        Row(output, "8 streams ÷ 1 stream", t.Speedup8Vs1, d.Speedup8Vs1, $"≥ {ServeBenchmark.SpeedupTarget}", t.Speedup8Vs1 >= ServeBenchmark.SpeedupTarget && d.Speedup8Vs1 >= ServeBenchmark.SpeedupTarget);

        var wire = report.Wire;
        output.WriteLine();
        output.WriteLine($"wire bytes per token (K = {wire.CodebookBits}: {wire.CodebookBits / 8.0:0.###} B packed; {wire.TokensPerLatentFrame} tokens per chunk)");
        output.WriteLine($"{"encoding",-10} {"payload",8} {"chunk",8} {"message",8} {"connection",11}");
        Wire(output, "packed", wire.Packed);
        Wire(output, "uint32", wire.Uint32);
        output.WriteLine("  payload: the tokens field; chunk: TokenChunk; message: TokenizeResponse + 5-byte gRPC prefix; connection: all bytes read from TCP during the call");
        output.WriteLine();
        output.WriteLine(report.MissedTargets.Count == 0 ? "all targets met" : "MISSED: " + string.Join("; ", report.MissedTargets));
    }

    private static void Row(TextWriter output, string label, double tokenize, double detokenize, string target = "", bool? met = null)
        => output.WriteLine($"{label,-28} {tokenize,10:F3} {detokenize,10:F3}   {target}{met switch { true => "  ok", false => "  MISSED", null => "" }}");

    private static void Wire(TextWriter output, string name, WireCost cost)
        => output.WriteLine($"{name,-10} {cost.PayloadBytesPerToken,8:F3} {cost.ChunkBytesPerToken,8:F3} {cost.MessageBytesPerToken,8:F3} {cost.ConnectionBytesPerToken,11:F3}");
}
