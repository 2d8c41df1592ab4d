using System.Diagnostics;
using Magvit.Cli.Benchmarks.Serve;
using Magvit.Contracts.V1;
using Magvit.Generator;
using Magvit.Hosting;
using Magvit.Model.Generation;
using Magvit.Runtime.Generation;
using Microsoft.Extensions.DependencyInjection;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// The generator service in this process on loopback (the real GeneratorApp host, a real Grpc.Net client), per
/// generator kind: time to the first streamed token against the host's engine called in-process (alternating, on the
/// same model and worker), then aggregate tokens/s of one request against four concurrent ones, with each replica
/// count in its own host.
/// </summary>
internal static class GrpcGenerateBenchmark
{
    public const string Transport = "in-process Kestrel host on 127.0.0.1, HTTP/2 cleartext, Grpc.Net.Client, one reused channel";

    public static async Task<GrpcResult> RunAsync(GenerateSettings settings, ModelChoice autoregressive, ModelChoice masked, TextWriter? log, CancellationToken cancel)
        => new(
            Transport,
            await KindAsync(GeneratorKind.Autoregressive, autoregressive, settings, log, cancel).ConfigureAwait(false),
            await KindAsync(GeneratorKind.Masked, masked, settings, log, cancel).ConfigureAwait(false));

    private static async Task<GrpcKindResult> KindAsync(GeneratorKind kind, ModelChoice choice, GenerateSettings settings, TextWriter? log, CancellationToken cancel)
    {
        FirstTokenResult? first = null;
        var points = new List<ReplicaPoint>();
        var frames = 0;
        foreach (var replicas in settings.Replicas)
        {
            log?.WriteLine($"gRPC: starting a generator host, {choice.Name}, {replicas} replica(s) ...");
            var host = await LoopbackService.StartAsync(GeneratorApp.Build, [.. choice.HostOptions, $"--Magvit:Replicas={replicas}"], settings.Threads, cancel).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var client = new GeneratorService.GeneratorServiceClient(host.Channel);
                var engine = host.Services.GetRequiredService<GeneratorEngineHost>().Engine;
                var d = engine.Description;
                if (d.Kind != kind)
                {
                    throw new InvalidOperationException($"{choice.Name} is a {d.Kind} model, not {kind}.");
                }

                frames = d.MaxFrames;
                int? classId = d.ClassCount > 0 ? 0 : null;
                var whole = GenerateCalls.Request(classId, frames, streamRows: false);

                // Warm-up: one whole request per replica at once, so every worker has run (JIT, caches, the connection).
                await Task.WhenAll(Enumerable.Range(0, replicas).Select(_ => GenerateCalls.GrpcAsync(client, whole, settings.CallDeadline, cancel))).ConfigureAwait(false);
                first ??= await FirstTokenAsync(kind, client, engine, classId, settings, log, cancel).ConfigureAwait(false);
                points.Add(await ThroughputAsync(client, whole, replicas, settings, log, cancel).ConfigureAwait(false));
            }
        }

        return new GrpcKindResult(choice.Name, first!, frames, settings.ThroughputPasses, points);
    }

    /// <summary>
    /// Alternating samples of one latent frame over gRPC and through the engine. The autoregressive request streams
    /// rows: its first latent row is its first output; a masked model's first output is a whole latent frame.
    /// </summary>
    private static async Task<FirstTokenResult> FirstTokenAsync(
        GeneratorKind kind, GeneratorService.GeneratorServiceClient client, GeneratorEngine engine, int? classId, GenerateSettings settings, TextWriter? log, CancellationToken cancel)
    {
        const int frames = 1;
        var rows = kind == GeneratorKind.Autoregressive;
        var grpcRequest = GenerateCalls.Request(classId, frames, streamRows: rows);
        var inprocRequest = GenerateCalls.InProcessRequest(engine.Description, classId, frames);
        var pairs = await SideBySide.RunAsync(
            settings.FirstTokenSamples,
            () => GenerateCalls.GrpcAsync(client, grpcRequest, settings.CallDeadline, cancel),
            () => GenerateCalls.InProcessAsync(engine, inprocRequest, cancel)).ConfigureAwait(false);
        static double Server((TimeSpan FirstToken, GenerationSummary Summary) call) => call.Summary.TimeToFirstToken.ToTimeSpan().TotalMilliseconds;
        var result = new FirstTokenResult(
            rows ? "TokenRows" : "TokenChunk",
            frames,
            pairs.Count,
            Median.Of(pairs.Select(p => p.A.FirstToken.TotalMilliseconds)),
            Median.Of(pairs.Select(p => Server(p.A))),
            Median.Of(pairs.Select(p => p.A.FirstToken.TotalMilliseconds - Server(p.A))),
            Median.Of(pairs.Select(p => p.B.TotalMilliseconds)),
            Median.Of(pairs.Select(p => p.A.FirstToken / p.B)));
        log?.WriteLine($"  first token: gRPC {result.GrpcMs:F1} ms (server {result.ServerMs:F1} ms), in-process {result.InprocMs:F1} ms, ×{result.GrpcVsInprocRatio:F3}");
        return result;
    }

    /// <summary>
    /// Passes of one request alone and four at once (1 then 4, then 4 then 1): total generated tokens (from the
    /// summaries) over the wall time of the whole group; the ratio is taken within each pass.
    /// </summary>
    private static async Task<ReplicaPoint> ThroughputAsync(
        GeneratorService.GeneratorServiceClient client, GenerateRequest request, int replicas, GenerateSettings settings, TextWriter? log, CancellationToken cancel)
    {
        var (one, many) = settings.Concurrency;
        async Task<(double TokensPerSecond, double QueueMs)> Group(int count)
        {
            var watch = Stopwatch.StartNew();
            var calls = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => GenerateCalls.GrpcAsync(client, request, settings.CallDeadline, cancel))).ConfigureAwait(false);
            var rate = calls.Sum(c => (double)c.Summary.GeneratedTokens) / watch.Elapsed.TotalSeconds;
            var queue = calls.Average(c => c.Summary.QueueTime.ToTimeSpan().TotalMilliseconds);
            log?.WriteLine($"  {replicas} replica(s), {count} concurrent request(s): {rate:F1} tokens/s, mean queue {queue:F0} ms");
            return (rate, queue);
        }

        var passes = await SideBySide.RunAsync(settings.ThroughputPasses, () => Group(one), () => Group(many)).ConfigureAwait(false);
        return new ReplicaPoint(
            replicas,
            Median.Of(passes.Select(p => p.A.TokensPerSecond)),
            Median.Of(passes.Select(p => p.B.TokensPerSecond)),
            Median.Of(passes.Select(p => p.B.TokensPerSecond / p.A.TokensPerSecond)),
            Median.Of(passes.Select(p => p.B.QueueMs)));
    }
}
