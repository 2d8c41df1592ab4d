using Magvit.Cli.Benchmarks.Serve;
using Magvit.Model.Generation;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// In-process masked decoding: an image (one latent frame) and a video (every latent frame, frame by frame, each
/// conditioned on the ones before) at each step count, timed per latent frame from the generator's reports. The four
/// runs of a round are neighbours (the order reverses every round), so the ratios between them are taken per round.
/// </summary>
internal static class MaskedBenchmark
{
    private const string Image = "image";
    private const string Video = "video";

    public static MaskedResult Run(BenchGenerators models, GenerateSettings settings, TextWriter? log, CancellationToken cancel)
    {
        var generator = models.Masked;
        var d = generator.Description;
        int? classId = d.ClassCount > 0 ? 0 : null;
        var (few, many) = (settings.MaskedSteps[0], settings.MaskedSteps[^1]);
        var shapes = d.MaxFrames > 1 ? new[] { (Image, 1), (Video, d.MaxFrames) } : [(Image, 1)];
        var runs = shapes.SelectMany(s => settings.MaskedSteps.Select(steps => (Shape: s.Item1, Frames: s.Item2, Steps: steps))).ToList();
        GenerationRequest Request(int frames, int steps)
            => new(new TokenGrid(frames, d.Height, d.Width), new GenerationCondition { ClassId = classId }, new SamplingOptions { Steps = steps, Seed = 1 });

        TimedGeneration.Run(generator, Request(d.MaxFrames, few), cancel); // warm-up: JIT, first allocations
        var samples = runs.ToDictionary(r => r, _ => new List<TimedGeneration>());
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var run in round % 2 == 0 ? runs : Enumerable.Reverse(runs))
            {
                var sample = TimedGeneration.Run(generator, Request(run.Frames, run.Steps), cancel);
                samples[run].Add(sample);
                log?.WriteLine($"  masked {run.Shape} {run.Frames}×{d.Height}×{d.Width}, {run.Steps} steps: {MsPerFrame(sample):F1} ms per latent frame, "
                    + $"first {FirstFrameMs(sample):F1} ms, last {LastFrameMs(sample):F1} ms");
            }
        }

        var points = runs.Select(r =>
        {
            var s = samples[r];
            var perFrame = Median.Of(s.Select(MsPerFrame));
            return new MaskedPoint(r.Shape, r.Frames, r.Steps, perFrame, perFrame / r.Steps, Median.Of(s.Select(FirstFrameMs)), Median.Of(s.Select(LastFrameMs)), Median.Of(s.Select(g => g.TokensPerSecond)));
        }).ToList();

        // Ratio of the ms per frame of runs a and b within each round; NaN when a run does not exist (an image-only model).
        double Ratio(string shapeA, int stepsA, string shapeB, int stepsB)
        {
            var (a, b) = (runs.FindIndex(r => r.Shape == shapeA && r.Steps == stepsA), runs.FindIndex(r => r.Shape == shapeB && r.Steps == stepsB));
            return a < 0 || b < 0 ? double.NaN : Median.Of(samples[runs[a]].Zip(samples[runs[b]], (x, y) => MsPerFrame(x) / MsPerFrame(y)));
        }

        var longVideo = runs.FindIndex(r => r.Shape == Video && r.Steps == many);
        return new MaskedResult(
            GeneratorSummary.Of(models.MaskedChoice, generator),
            points,
            Ratio(Image, many, Image, few),
            Ratio(Video, many, Video, few),
            Ratio(Video, few, Image, few),
            Ratio(Video, many, Image, many),
            longVideo < 0 ? double.NaN : Median.Of(samples[runs[longVideo]].Select(g => LastFrameMs(g) / FirstFrameMs(g))));
    }

    private static double MsPerFrame(TimedGeneration g) => g.Elapsed.TotalMilliseconds / g.Reports.Count;

    private static double FirstFrameMs(TimedGeneration g) => g.Reports[0].TotalMilliseconds;

    private static double LastFrameMs(TimedGeneration g) => (g.Reports[^1] - (g.Reports.Count > 1 ? g.Reports[^2] : TimeSpan.Zero)).TotalMilliseconds;
}
