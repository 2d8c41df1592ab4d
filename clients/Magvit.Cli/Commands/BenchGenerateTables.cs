using Magvit.Cli.Benchmarks.Generate;

namespace Magvit.Cli.Commands;

/// <summary>The human-readable <c>bench generate</c> tables: absolute medians with the side-by-side ratios next to them.</summary>
internal static class BenchGenerateTables
{
    public static void Write(TextWriter output, GenerateReport report)
    {
        output.WriteLine();
        output.WriteLine($"bench generate: {report.Threads} threads, medians of {report.Rounds} side-by-side round(s){(report.Quick ? " (--quick)" : "")}, {report.ElapsedSeconds:F0} s in all");
        WriteAutoregressive(output, report.Autoregressive);
        WriteMasked(output, report.Masked);
        WriteGrpc(output, report.Grpc);
    }

    private static void WriteAutoregressive(TextWriter output, AutoregressiveResult ar)
    {
        output.WriteLine();
        output.WriteLine($"autoregressive, in-process: {Describe(ar.Model)}, class {ar.ClassId?.ToString() ?? "none"}");
        output.WriteLine($"  {"greedy decoding",-24} {"tokens",7} {"KV cache tok/s",15} {"no cache tok/s",15} {"cache ÷ none",13}   tokens identical");
        foreach (var p in ar.KvCache)
        {
            output.WriteLine($"  {Frames(p.LatentFrames),-24} {p.Tokens,7} {p.CachedTokensPerSecond,15:F1} {p.UncachedTokensPerSecond,15:F1} {Ratio(p.CacheVsNoCacheRatio),13}   "
                + $"{(p.TokensIdentical ? "yes" : "NO")} ({p.DistinctTokens} distinct ids)");
        }

        if (ar.Guidance is { } g)
        {
            output.WriteLine($"  {$"guidance s = {g.GuidanceScale:0.##}, KV cache",-24} {"tokens",7} {"unguided tok/s",15} {"guided tok/s",15} {"guided ÷ none",13}");
            output.WriteLine($"  {Frames(g.LatentFrames),-24} {ar.KvCache[^1].Tokens,7} {g.UnguidedTokensPerSecond,15:F1} {g.GuidedTokensPerSecond,15:F1} {Ratio(g.GuidedVsUnguidedRatio),13}");
        }
        else
        {
            output.WriteLine("  guidance: not measured (the model has no classes)");
        }
    }

    private static void WriteMasked(TextWriter output, MaskedResult masked)
    {
        output.WriteLine();
        output.WriteLine($"masked, in-process: {Describe(masked.Model)}, frame by frame");
        output.WriteLine($"  {"grid",-16} {"steps",5} {"ms/frame",9} {"ms/step",8} {"frame 0 ms",11} {"last frame ms",14} {"tokens/s",9}");
        foreach (var p in masked.Points)
        {
            output.WriteLine($"  {$"{p.Shape}, {Frames(p.LatentFrames)}",-16} {p.Steps,5} {p.MsPerFrame,9:F1} {p.MsPerStep,8:F2} {p.FirstFrameMs,11:F1} {p.LastFrameMs,14:F1} {p.TokensPerSecond,9:F1}");
        }

        output.WriteLine($"  12 ÷ 8 steps, ms per frame:      image {Ratio(masked.ImageSteps12Vs8Ratio)}, video {Ratio(masked.VideoSteps12Vs8Ratio)}");
        output.WriteLine($"  video ÷ image, ms per frame:     8 steps {Ratio(masked.VideoVsImageFrame8Ratio)}, 12 steps {Ratio(masked.VideoVsImageFrame12Ratio)}");
        output.WriteLine($"  last ÷ first video frame, 12 steps: {Ratio(masked.VideoLastVsFirstFrameRatio)}");
    }

    private static void WriteGrpc(TextWriter output, GrpcResult grpc)
    {
        var (a, m) = (grpc.Autoregressive, grpc.Masked);
        output.WriteLine();
        output.WriteLine($"gRPC: {grpc.Transport}");
        output.WriteLine($"  {"",-34} {"autoregressive",15} {"masked",15}");
        var (fa, fm) = (a.FirstToken, m.FirstToken);
        output.WriteLine($"  {"first token message",-34} {fa.Message,15} {fm.Message,15}");
        Row(output, "first token over gRPC, ms", fa.GrpcMs, fm.GrpcMs);
        Row(output, "  as the server measured it, ms", fa.ServerMs, fm.ServerMs);
        Row(output, "  client − server (transport), ms", fa.ClientMinusServerMs, fm.ClientMinusServerMs);
        Row(output, "first token in-process, ms", fa.InprocMs, fm.InprocMs);
        output.WriteLine($"  {"gRPC ÷ in-process",-34} {Ratio(fa.GrpcVsInprocRatio),15} {Ratio(fm.GrpcVsInprocRatio),15}");
        output.WriteLine($"  throughput: requests of the whole grid ({a.ThroughputLatentFrames} / {m.ThroughputLatentFrames} latent frames), {a.ThroughputPasses} pass(es)");
        for (var i = 0; i < a.Replicas.Count; i++)
        {
            var (ra, rm) = (a.Replicas[i], m.Replicas[i]);
            Row(output, $"{ra.Replicas} replica(s): 1 request, tok/s", ra.OneRequestTokensPerSecond, rm.OneRequestTokensPerSecond);
            Row(output, $"{ra.Replicas} replica(s): 4 requests, tok/s", ra.FourRequestsTokensPerSecond, rm.FourRequestsTokensPerSecond);
            output.WriteLine($"  {$"{ra.Replicas} replica(s): 4 ÷ 1",-34} {Ratio(ra.Concurrent4Vs1Ratio),15} {Ratio(rm.Concurrent4Vs1Ratio),15}");
            Row(output, $"{ra.Replicas} replica(s): 4 requests, queue ms", ra.FourRequestsQueueMs, rm.FourRequestsQueueMs);
        }
    }

    private static void Row(TextWriter output, string label, double autoregressive, double masked)
        => output.WriteLine($"  {label,-34} {autoregressive,15:F1} {masked,15:F1}");

    private static string Describe(GeneratorSummary model)
        => $"{model.Model} ({model.Parameters:N0} parameters, grid {model.Grid}, bits [{string.Join(", ", model.FactorizedBits)}])";

    private static string Frames(int frames) => frames == 1 ? "1 latent frame" : $"{frames} latent frames";

    private static string Ratio(double ratio) => double.IsNaN(ratio) ? "n/a" : $"×{ratio:F2}";
}
