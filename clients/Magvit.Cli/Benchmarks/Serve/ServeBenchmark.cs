using System.Diagnostics;
using Grpc.Health.V1;
using Magvit.Contracts.V1;
using Magvit.Detokenizer;
using Magvit.Runtime;
using Magvit.Tokenizer;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// <c>bench serve</c>: both service hosts in this process on loopback, and side by side on the same engines — the gRPC
/// path against the in-process path (throughput and time to first output), bytes per token on the wire, and
/// aggregate throughput as concurrent streams share forwards through dynamic batching. The paths alternate clip by
/// clip, so a drift in machine speed favours neither; medians are reported. Forward time is tracked throughout, so
/// every gap can be split into slower forwards (CPU contention) and time outside the model (overhead).
/// </summary>
internal static class ServeBenchmark
{
    public const double RatioTarget = 0.95;
    public const double FirstOutputTarget = 1.1;
    public const double SpeedupTarget = 1.5;
    private const int GrpcLengthPrefixBytes = 5;

    public static async Task<ServeReport> RunAsync(ServeSettings settings, TextWriter? log, CancellationToken cancellationToken)
    {
        log?.WriteLine($"Starting the tokenizer and detokenizer hosts in this process on 127.0.0.1 ({settings.ModelName}; NumericsCheck=false: no conv self-check at start-up) ...");
        var tokenizer = await LoopbackService.StartAsync(TokenizerApp.Build, settings, cancellationToken).ConfigureAwait(false);
        await using (tokenizer.ConfigureAwait(false))
        {
            var detokenizer = await LoopbackService.StartAsync(DetokenizerApp.Build, settings, cancellationToken).ConfigureAwait(false);
            await using (detokenizer.ConfigureAwait(false))
            {
                return await RunAsync(settings, tokenizer, detokenizer, log, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<ServeReport> RunAsync(ServeSettings settings, LoopbackService tokenizer, LoopbackService detokenizer, TextWriter? log, CancellationToken cancel)
    {
        var clip = new BenchClip(settings.Frames, settings.Size, seed: 1);
        var deadline = settings.CallDeadline;
        using var clock = new ComputeClock();
        var tokenizeClient = new TokenizerService.TokenizerServiceClient(tokenizer.Channel);
        var detokenizeClient = new DetokenizerService.DetokenizerServiceClient(detokenizer.Channel);
        var (encoder, decoder) = (tokenizer.Engine, detokenizer.Engine);
        var frames = encoder.Config.DecodedFrames(encoder.Config.LatentFrames(clip.Frames));

        // Warm-up (JIT, oneDNN primitives, connections) that also measures the wire: one call per token encoding on
        // a counted connection of its own.
        log?.WriteLine($"warm-up + wire bytes: {clip.Frames}×{clip.Height}² clip, packed and uint32 ...");
        var tap = new WireTap();
        using var tapped = tap.Open(tokenizer.Address);
        await new Health.HealthClient(tapped).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancel).ConfigureAwait(false);
        var tappedClient = new TokenizerService.TokenizerServiceClient(tapped);
        var (packed, packedCost) = await WireAsync(tappedClient, tap, clip, TokenEncoding.Packed, deadline, cancel).ConfigureAwait(false);
        var (_, uint32Cost) = await WireAsync(tappedClient, tap, clip, TokenEncoding.Uint32, deadline, cancel).ConfigureAwait(false);
        await TokenizePaths.InProcessAsync(encoder, clip, cancel).ConfigureAwait(false);
        var tokens = new TokenStream(packed);
        await DetokenizePaths.GrpcAsync(detokenizeClient, tokens, frames, deadline, cancel).ConfigureAwait(false);
        await DetokenizePaths.InProcessAsync(decoder, tokens, cancel).ConfigureAwait(false);
        var wire = new WireResult((int)packed.Header.CodebookBits, tokens.LatentHeight * tokens.LatentWidth, packedCost, uint32Cost);

        log?.WriteLine("tokenize ...");
        var tokenize = await PhaseAsync(
            settings, clip.Frames, encoder, clock, log,
            async () => (await TokenizePaths.GrpcAsync(tokenizeClient, clip, TokenEncoding.Packed, deadline, cancel).ConfigureAwait(false)).Elapsed,
            () => TokenizePaths.InProcessAsync(encoder, clip, cancel),
            () => TokenizePaths.GrpcFirstTokenAsync(tokenizeClient, clip, deadline, cancel),
            () => TokenizePaths.InProcessFirstUnitAsync(encoder, clip, cancel),
            cancel).ConfigureAwait(false);

        log?.WriteLine("detokenize ...");
        var detokenize = await PhaseAsync(
            settings, frames, decoder, clock, log,
            () => DetokenizePaths.GrpcAsync(detokenizeClient, tokens, frames, deadline, cancel),
            () => DetokenizePaths.InProcessAsync(decoder, tokens, cancel),
            () => DetokenizePaths.GrpcFirstFrameAsync(detokenizeClient, tokens, deadline, cancel),
            () => DetokenizePaths.InProcessFirstUnitAsync(decoder, tokens, cancel),
            cancel).ConfigureAwait(false);

        var options = tokenizer.Options;
        return new ServeReport(
            settings.ModelName,
            "in-process Kestrel hosts on 127.0.0.1, HTTP/2 cleartext, Grpc.Net.Client, one reused channel per service",
            settings.Size, settings.Frames, settings.Pairs, settings.FirstOutputSamples, settings.SweepPasses, settings.Quick, TorchSharp.torch.get_num_threads(),
            options.NumericsCheck, options.MaxBatchSize, options.MaxBatchDelay.TotalMilliseconds,
            tokenize, detokenize, wire, [.. Missed("tokenize", tokenize), .. Missed("detokenize", detokenize)]);
    }

    /// <summary>
    /// One direction: paired throughput clips, first-output samples, then the streams sweep. Frames/s count pixel
    /// frames: those sent (tokenize) or received (detokenize), <paramref name="framesPerClip"/> per clip.
    /// </summary>
    private static async Task<ServePhaseResult> PhaseAsync(
        ServeSettings settings,
        int framesPerClip,
        TokenizerEngine engine,
        ComputeClock clock,
        TextWriter? log,
        Func<Task<TimeSpan>> grpcClip,
        Func<Task<TimeSpan>> inprocClip,
        Func<Task<TimeSpan>> grpcFirst,
        Func<Task<TimeSpan>> inprocFirst,
        CancellationToken cancel)
    {
        var (ratios, grpcRates, inprocRates) = (new List<double>(), new List<double>(), new List<double>());
        var (grpcModel, inprocModel) = (new List<double>(), new List<double>());
        for (var pair = 0; pair < settings.Pairs; pair++)
        {
            var grpcFirstInPair = pair % 2 == 0;
            var first = await clock.TimeAsync(engine, grpcFirstInPair ? grpcClip : inprocClip, cancel).ConfigureAwait(false);
            var second = await clock.TimeAsync(engine, grpcFirstInPair ? inprocClip : grpcClip, cancel).ConfigureAwait(false);
            var (grpc, inproc) = grpcFirstInPair ? (first, second) : (second, first);
            var (grpcRate, inprocRate) = (framesPerClip / grpc.Wall.TotalSeconds, framesPerClip / inproc.Wall.TotalSeconds);
            grpcRates.Add(grpcRate);
            inprocRates.Add(inprocRate);
            ratios.Add(grpcRate / inprocRate);
            grpcModel.Add(grpc.ModelSeconds / grpc.Wall.TotalSeconds);
            inprocModel.Add(inproc.ModelSeconds / inproc.Wall.TotalSeconds);
            log?.WriteLine($"  pair {pair + 1}: gRPC {grpcRate:F3} frames/s ({grpc.ModelSeconds:F2} s of {grpc.Wall.TotalSeconds:F2} s in forwards), "
                + $"in-process {inprocRate:F3} frames/s ({inproc.ModelSeconds:F2} s of {inproc.Wall.TotalSeconds:F2} s), ratio {grpcRate / inprocRate:F3}");
        }

        var (grpcFirstTimes, inprocFirstTimes) = (new List<TimeSpan>(), new List<TimeSpan>());
        var (grpcFirstModel, inprocFirstModel) = (new List<double>(), new List<double>());
        for (var sample = 0; sample < settings.FirstOutputSamples; sample++)
        {
            foreach (var grpcNow in sample % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var (wall, model) = await clock.TimeAsync(engine, grpcNow ? grpcFirst : inprocFirst, cancel).ConfigureAwait(false);
                (grpcNow ? grpcFirstTimes : inprocFirstTimes).Add(wall);
                (grpcNow ? grpcFirstModel : inprocFirstModel).Add(model * 1000);
            }
        }

        var (firstGrpc, firstInproc) = (Median.Of(grpcFirstTimes).TotalMilliseconds, Median.Of(inprocFirstTimes).TotalMilliseconds);
        log?.WriteLine($"  first output: gRPC {firstGrpc:F1} ms ({Median.Of(grpcFirstModel):F1} ms forward), in-process {firstInproc:F1} ms ({Median.Of(inprocFirstModel):F1} ms forward)");

        var streams = await SweepAsync(settings, engine, clock, framesPerClip, grpcClip, log, cancel).ConfigureAwait(false);
        var eight = streams.FirstOrDefault(p => p.Streams == 8) ?? streams[^1];
        return new ServePhaseResult(
            Median.Of(ratios), Median.Of(grpcRates), Median.Of(inprocRates), Median.Of(grpcModel), Median.Of(inprocModel),
            firstGrpc, firstInproc, firstGrpc / firstInproc, Median.Of(grpcFirstModel), Median.Of(inprocFirstModel), streams, eight.Speedup);
    }

    /// <summary>
    /// N gRPC streams at once, one clip each, for each N — up the counts and, in full runs, down again; each count's
    /// rate is the median of its passes. The engine's counters give the rows per forward: how well batching stacked them.
    /// </summary>
    private static async Task<List<StreamsPoint>> SweepAsync(
        ServeSettings settings, TokenizerEngine engine, ComputeClock clock, int framesPerClip, Func<Task<TimeSpan>> grpcClip, TextWriter? log, CancellationToken cancel)
    {
        var counts = settings.StreamCounts;
        var forwardSeconds = counts.ToDictionary(c => c, _ => 0.0);
        var order = Enumerable.Range(0, settings.SweepPasses).SelectMany(pass => pass % 2 == 0 ? counts : counts.Reverse()).ToList();
        var rates = counts.ToDictionary(c => c, _ => new List<double>());
        var (batches, rows) = (counts.ToDictionary(c => c, _ => 0L), counts.ToDictionary(c => c, _ => 0L));
        foreach (var count in order)
        {
            var before = await engine.GetStatisticsAsync(cancel).ConfigureAwait(false);
            var (watch, forwardsBefore) = (Stopwatch.StartNew(), clock.Seconds);
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => grpcClip())).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            var after = await engine.GetStatisticsAsync(cancel).ConfigureAwait(false);  // also settles the compute clock
            forwardSeconds[count] += clock.Seconds - forwardsBefore;
            rates[count].Add(count * framesPerClip / elapsed.TotalSeconds);
            batches[count] += after.Batches - before.Batches;
            rows[count] += after.Rows - before.Rows;
            var passRows = after.Rows - before.Rows;
            log?.WriteLine($"  {count} stream(s): {rates[count][^1]:F3} frames/s, {passRows / (double)Math.Max(1, after.Batches - before.Batches):F2} rows per forward, "
                + $"{(clock.Seconds - forwardsBefore) * 1000 / Math.Max(1, passRows):F1} forward ms per row");
        }

        var one = Median.Of(rates[counts[0]]);
        return [.. counts.Select(c => new StreamsPoint(
            c, Median.Of(rates[c]), Median.Of(rates[c]) / one, rows[c] / (double)Math.Max(1, batches[c]), forwardSeconds[c] * 1000 / Math.Max(1, rows[c])))];
    }

    private static async Task<(TokenizeOutcome Outcome, WireCost Cost)> WireAsync(
        TokenizerService.TokenizerServiceClient client, WireTap tap, BenchClip clip, TokenEncoding encoding, TimeSpan deadline, CancellationToken cancel)
    {
        var before = tap.BytesReceived;
        var outcome = await TokenizePaths.GrpcAsync(client, clip, encoding, deadline, cancel).ConfigureAwait(false);
        var received = tap.BytesReceived - before;
        double tokens = outcome.Tokens;
        var chunks = outcome.Chunks;
        var payload = chunks.Sum(c => (double)(c.TokensCase == TokenChunk.TokensOneofCase.PackedTokens ? c.PackedTokens.Length : c.TokenIds.CalculateSize()));
        var chunk = chunks.Sum(c => (double)c.CalculateSize());
        var message = chunks.Sum(c => (double)new TokenizeResponse { Tokens = c }.CalculateSize() + GrpcLengthPrefixBytes);
        return (outcome, new WireCost(payload / tokens, chunk / tokens, message / tokens, received / tokens));
    }

    private static IEnumerable<string> Missed(string phase, ServePhaseResult result)
    {
        if (result.GrpcVsInprocRatio < RatioTarget)
        {
            yield return $"{phase}.grpc_vs_inproc_ratio {result.GrpcVsInprocRatio:F3} < {RatioTarget}";
        }

        if (result.FirstOutputVsComputeRatio > FirstOutputTarget)
        {
            yield return $"{phase}.first_output_vs_compute_ratio {result.FirstOutputVsComputeRatio:F3} > {FirstOutputTarget}";
        }

        if (result.Speedup8Vs1 < SpeedupTarget)
        {
            yield return $"{phase}.speedup_8_vs_1 {result.Speedup8Vs1:F3} < {SpeedupTarget}";
        }
    }
}
