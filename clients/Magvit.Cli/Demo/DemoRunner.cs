using System.Diagnostics;
using Magvit.Cli.Commands;
using Magvit.Cli.Media;
using Magvit.Cli.Progress;
using Magvit.Cli.Services;
using Magvit.Client;
using Magvit.Client.Pipeline;
using Magvit.Media;

namespace Magvit.Cli.Demo;

/// <summary>
/// The demo's work on running services: the clip fitted to the generator's frame size, Reconstruct and Continue
/// through <see cref="MagvitPipeline"/>, the videos, the comparison strip and metrics.json written.
/// </summary>
internal static class DemoRunner
{
    public const string Strip = "comparison.png";
    public const string MetricsFile = "metrics.json";

    public static async Task<DemoMetrics> RunAsync(
        DemoSettings settings, ServiceSet set, IReadOnlyDictionary<string, string> sources, IDictionary<string, double> timings, IProgressSink sink, CancellationToken cancellationToken)
    {
        var (tokenizer, detokenizer, generator) = (set.Tokenizer!, set.Detokenizer!, set.Generator!);
        RequireCompatible(tokenizer, detokenizer, generator);
        var geometry = tokenizer.Geometry;
        var (width, height) = (generator.GridWidth * geometry.SpatialFactor, generator.GridHeight * geometry.SpatialFactor);
        var frames = settings.Frames ?? (int)geometry.FirstFrame(generator.MaxLatentFrames);

        var clock = Stopwatch.StartNew();
        var decode = new DecodeOptions { Fit = FrameFit.Cover, Size = width, Width = width, Height = height, MaxFrames = frames };
        var input = MediaChecks.WholeLatentFrames(InputVideo.Decode(settings.Input, decode), tokenizer);
        timings["decode_input"] = Lap(clock);

        var reconstruction = set.Clients.Pipeline.Reconstruct(input.ToVideoFrames(), new PipelineOptions { RecordTokens = true }, cancellationToken);
        var reconstructed = await CollectAsync(reconstruction, "reconstruct (frames)", input.Frames.Count, sink, cancellationToken).ConfigureAwait(false);
        timings["reconstruct"] = Lap(clock);

        var available = (int)geometry.WholeLatentFrames(input.Frames.Count);
        var promptLatent = Math.Clamp(settings.PromptLatentFrames ?? 2, 1, Math.Max(1, Math.Min(available, generator.MaxLatentFrames - 1)));
        var promptFrames = (int)geometry.FirstFrame(promptLatent);
        var generated = generator.MaxLatentFrames - promptLatent;
        if (generated < 1)
        {
            throw new CommandException($"the generator's context holds {generator.MaxLatentFrames} latent frame(s): nothing is left to continue after a prompt.");
        }

        var sampling = new GenerationOptions { Seed = settings.Seed, Steps = settings.Steps };
        var continuation = set.Clients.Pipeline.Continue(input.Take(promptFrames).ToVideoFrames(), generated, sampling, new PipelineOptions { RecordTokens = true }, cancellationToken);
        var continued = await CollectAsync(continuation, "continue (frames)", geometry.FirstFrame(promptLatent + generated), sink, cancellationToken).ConfigureAwait(false);
        timings["continue"] = Lap(clock);

        var files = WriteOutputs(settings, input, reconstructed, continued, promptFrames, sink);
        timings["write_outputs"] = Lap(clock);

        var k = tokenizer.CodebookBits;
        var tokens = reconstruction.Metrics.TokenFrameCount * generator.GridHeight * generator.GridWidth;
        var inputPixels = (double)input.Frames.Count * width * height;
        var futureFrames = Math.Min(input.Frames.Count, continued.Count) - promptFrames;
        return new DemoMetrics(
            new DemoInput(settings.Input, input.Frames.Count, width, height, input.FrameRate),
            new Dictionary<string, DemoModel>
            {
                ["tokenizer"] = Model(tokenizer.Identity, sources["tokenizer"]),
                ["generator"] = Model(generator.Identity, sources["generator"]),
            },
            tokenizer.Identity.WeightsSha256.Length == 0 || generator.Identity.WeightsSha256.Length == 0,
            set.Addresses.ToDictionary(a => ServiceSet.Name(a.Key), a => a.Value),
            new DemoReconstruction(
                reconstructed.Count, reconstruction.Metrics.TokenFrameCount, generator.GridHeight, generator.GridWidth, k, tokens,
                VideoQuality.Psnr(input.Frames, reconstructed),
                (double)k / (geometry.SpatialFactor * geometry.SpatialFactor * Math.Max(1, geometry.TemporalFactor)),
                tokens * k / inputPixels,
                Ms(reconstruction.Metrics.TimeToFirstToken), Ms(reconstruction.Metrics.TimeToFirstFrame), Ms(reconstruction.Metrics.Elapsed)),
            new DemoContinuation(
                promptFrames, promptLatent, generated, continued.Count, (long)generated * generator.GridHeight * generator.GridWidth,
                continuation.Metrics.Seed, settings.Steps,
                VideoQuality.Psnr(FrameConversion.Take(input.Frames, promptFrames), continued),
                futureFrames > 0 ? VideoQuality.Psnr(Skip(input.Frames, promptFrames), Skip(continued, promptFrames)) : null,
                Ms(continuation.Metrics.TimeToFirstFrame), Ms(continuation.Metrics.Elapsed)),
            timings.ToDictionary(),
            files);
    }

    /// <summary>The three services must speak the same tokens: one K, and the tokenizer's weights wherever they are named.</summary>
    private static void RequireCompatible(ModelDescription tokenizer, ModelDescription detokenizer, GeneratorModelDescription generator)
    {
        if (generator.CodebookBits != tokenizer.CodebookBits || detokenizer.CodebookBits != tokenizer.CodebookBits)
        {
            throw new CommandException(
                $"the models do not fit together: the tokenizer makes {tokenizer.CodebookBits}-bit tokens, the detokenizer decodes {detokenizer.CodebookBits}-bit tokens, "
                + $"the generator ({generator.Identity.ModelId}) models {generator.CodebookBits}-bit tokens. Choose a generator trained on this tokenizer's tokens.");
        }

        foreach (var (other, what) in new[] { (detokenizer.Identity, "the detokenizer"), (generator.Tokenizer, "the generator's tokenizer") })
        {
            if (other is { WeightsSha256.Length: > 0 } && tokenizer.Identity.WeightsSha256.Length > 0
                && !string.Equals(other.WeightsSha256, tokenizer.Identity.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new CommandException($"the tokenizer serves {tokenizer.Identity.ModelId} but {what} is {other.ModelId}: their tokens mean different things.");
            }
        }
    }

    private static List<string> WriteOutputs(DemoSettings settings, InputVideo input, RgbFrames reconstructed, RgbFrames continued, int promptFrames, IProgressSink sink)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var rate = settings.OutputFrameRate ?? input.FrameRate;
        var videos = new[] { ("input", input.Frames), ("reconstruction", reconstructed), ("continuation", continued) };
        var step = sink.Step("write outputs", (videos.Length * 2) + 1);
        var files = new List<string>();
        foreach (var (name, frames) in videos)
        {
            foreach (var extension in new[] { ".mp4", ".gif" })
            {
                OutputFile.WriteFrames(Path.Combine(settings.OutputDirectory, name + extension), frames, rate, settings.Scale);
                files.Add(name + extension);
                step.Increment();
            }
        }

        FrameStrip.Write(
            Path.Combine(settings.OutputDirectory, Strip),
            [new StripRow(input.Frames), new StripRow(reconstructed), new StripRow(continued) { MarkFrom = promptFrames }],
            settings.Scale);
        files.Add(Strip);
        files.Add(MetricsFile);
        step.Complete();
        return files;
    }

    private static async Task<RgbFrames> CollectAsync(PipelineRun run, string description, long expected, IProgressSink sink, CancellationToken cancellationToken)
    {
        var step = sink.Step(description, expected);
        var frames = await FrameConversion.CollectAsync(run.Frames, _ => step.Increment(), cancellationToken).ConfigureAwait(false);
        step.Complete();
        return frames;
    }

    private static DemoModel Model(ModelIdentity identity, string source) => new(identity.ModelId, identity.WeightsSha256, identity.WeightsSha256.Length == 0, source);

    private static RgbFrames Skip(RgbFrames frames, int count)
        => new(frames.Width, frames.Height, frames.Count - count, frames.Data.AsSpan(count * frames.FrameBytes).ToArray());

    private static double? Ms(TimeSpan? time) => time?.TotalMilliseconds;

    private static double Lap(Stopwatch clock)
    {
        var ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
