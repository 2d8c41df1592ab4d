using Magvit.Cli.Benchmarks.Serve;
using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// In-process autoregressive decoding, side by side on one model: with the KV cache against full recomputation of the
/// prefix at every token (same greedy request; the tokens must be identical), for one latent frame and for the whole
/// grid; then classifier-free guidance (one 2B-row batch per step) against none.
/// </summary>
internal static class AutoregressiveBenchmark
{
    public static AutoregressiveResult Run(BenchGenerators models, GenerateSettings settings, TextWriter? log, CancellationToken cancel)
    {
        var (cached, uncached) = (models.Cached, models.Uncached);
        var d = cached.Description;
        int? classId = d.ClassCount > 0 ? 0 : null;
        var greedy = new SamplingOptions { Greedy = true };
        GenerationRequest Request(int frames, SamplingOptions sampling)
            => new(new TokenGrid(frames, d.Height, d.Width), new GenerationCondition { ClassId = classId }, sampling);

        // Warm-up: JIT, first allocations, the rotary tables of each grid.
        TimedGeneration.Run(uncached, Request(1, greedy), cancel);
        foreach (var frames in FrameCounts(d.MaxFrames))
        {
            TimedGeneration.Run(cached, Request(frames, greedy), cancel);
        }

        var points = new List<KvCachePoint>();
        foreach (var frames in FrameCounts(d.MaxFrames))
        {
            var request = Request(frames, greedy);
            var pairs = SideBySide.Run(settings.Rounds, () => TimedGeneration.Run(cached, request, cancel), () => TimedGeneration.Run(uncached, request, cancel));
            foreach (var (a, b) in pairs)
            {
                log?.WriteLine($"  AR {frames} latent frame(s): KV cache {a.TokensPerSecond:F1} tokens/s, none {b.TokensPerSecond:F1} tokens/s, "
                    + $"×{a.TokensPerSecond / b.TokensPerSecond:F2}{(a.Tokens.SequenceEqual(b.Tokens) ? "" : ", TOKENS DIFFER")}");
            }

            points.Add(new KvCachePoint(
                frames,
                pairs[0].A.Generated,
                Median.Of(pairs.Select(p => p.A.TokensPerSecond)),
                Median.Of(pairs.Select(p => p.B.TokensPerSecond)),
                Median.Of(pairs.Select(p => p.A.TokensPerSecond / p.B.TokensPerSecond)),
                pairs.All(p => p.A.Tokens.SequenceEqual(p.B.Tokens)),
                pairs[0].A.Tokens.Distinct().Count()));
        }

        return new AutoregressiveResult(
            GeneratorSummary.Of(models.ArChoice, cached), classId, points, points.All(p => p.TokensIdentical), Guidance(cached, settings, Request, log, cancel));
    }

    /// <summary>Guided (2B rows) against unguided (B rows) over the whole grid, both cached; null without classes.</summary>
    private static GuidanceResult? Guidance(
        AutoregressiveGenerator cached, GenerateSettings settings, Func<int, SamplingOptions, GenerationRequest> request, TextWriter? log, CancellationToken cancel)
    {
        var d = cached.Description;
        if (d.ClassCount == 0)
        {
            return null;
        }

        var unguided = request(d.MaxFrames, new SamplingOptions { Greedy = true });
        var guided = request(d.MaxFrames, new SamplingOptions { Greedy = true, GuidanceScale = settings.GuidanceScale });
        TimedGeneration.Run(cached, guided, cancel);
        var pairs = SideBySide.Run(settings.Rounds, () => TimedGeneration.Run(cached, guided, cancel), () => TimedGeneration.Run(cached, unguided, cancel));
        foreach (var (a, b) in pairs)
        {
            log?.WriteLine($"  AR guidance: guided {a.TokensPerSecond:F1} tokens/s, unguided {b.TokensPerSecond:F1} tokens/s, ×{a.TokensPerSecond / b.TokensPerSecond:F2}");
        }

        return new GuidanceResult(
            d.MaxFrames,
            settings.GuidanceScale,
            Median.Of(pairs.Select(p => p.B.TokensPerSecond)),
            Median.Of(pairs.Select(p => p.A.TokensPerSecond)),
            Median.Of(pairs.Select(p => p.A.TokensPerSecond / p.B.TokensPerSecond)));
    }

    /// <summary>One latent frame (an image) and the whole grid, when they differ.</summary>
    private static IEnumerable<int> FrameCounts(int maxFrames) => maxFrames > 1 ? [1, maxFrames] : [1];
}
