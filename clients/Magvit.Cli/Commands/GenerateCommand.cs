using System.CommandLine;
using System.Globalization;
using Magvit.Cli.Media;
using Magvit.Cli.Progress;
using Magvit.Cli.Services;
using Magvit.Cli.Tokens;
using Magvit.Client;
using Magvit.Media;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit generate -o OUT.(mgt|mp4|gif|png) [--class N] [--prompt INPUT --frames N] [--seed S] …</c>: tokens from the
/// generator service — conditioned on a class and/or the tokens of a prompt video (frame prediction) — written as a
/// token file, or decoded through the detokenizer into a video.
/// </summary>
internal static class GenerateCommand
{
    private static readonly string[] Outputs = [".mgt", .. MediaEncoder.Extensions];

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "A .mgt token file, or a video (.mp4, .gif) or PNG strip (.png) through the detokenizer.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var generate = new GenerateOptions();
        var frames = new FrameSelection();
        var view = new ViewOptions();
        var services = new ServiceOptions(ServiceNeeds.Tokenizer | ServiceNeeds.Detokenizer | ServiceNeeds.Generator);
        var command = new Command("generate", "Generate tokens (class and/or prompt video), as a .mgt file or a video (exit 0 ok, 1 failed, 2 usage).") { output, json };
        generate.AddTo(command);
        frames.AddTo(command);
        view.AddTo(command);
        services.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, "generate", async token =>
        {
            var path = OutputFile.Require(parse.GetValue(output)!, Outputs);
            var tokensOnly = path.EndsWith(".mgt", StringComparison.OrdinalIgnoreCase);
            var prompt = parse.GetValue(generate.Prompt);
            if (prompt is not null && !File.Exists(prompt))
            {
                throw CommandException.Usage($"no such prompt file: {prompt}");
            }

            if (prompt is not null || !tokensOnly)
            {
                MediaChecks.RequireFfmpeg();
            }

            var needs = ServiceNeeds.Generator | (prompt is null ? 0 : ServiceNeeds.Tokenizer) | (tokensOnly ? 0 : ServiceNeeds.Detokenizer);
            var (asJson, error) = (parse.GetValue(json), parse.InvocationConfiguration.Error);
            await using var set = await ServiceSet.OpenAsync(parse, services, needs, error, token).ConfigureAwait(false);
            var generator = set.Generator!;
            if (set.Detokenizer is { } detokenizer && detokenizer.CodebookBits != generator.CodebookBits)
            {
                throw new CommandException(
                    $"the generator ({generator.Identity.ModelId}) makes {generator.CodebookBits}-bit tokens; the detokenizer ({detokenizer.Identity.ModelId}) decodes {detokenizer.CodebookBits}-bit tokens: serve a generator trained on that tokenizer.");
            }

            return await CliProgress.RunAsync(CliProgress.Enabled(error, asJson), async sink =>
            {
                InputVideo? promptVideo = null;
                TokenPrompt? promptTokens = null;
                if (prompt is not null)
                {
                    var tokenizer = set.Tokenizer!;
                    var size = generator.GridWidth * tokenizer.Geometry.SpatialFactor;
                    var decode = frames.ToDecodeOptions(parse, maxFrames: (int)tokenizer.Geometry.FirstFrame(Math.Max(1, generator.MaxLatentFrames - 1))) with
                    {
                        Width = generator.GridWidth * tokenizer.Geometry.SpatialFactor,
                        Height = generator.GridHeight * tokenizer.Geometry.SpatialFactor,
                        Size = size,
                    };
                    promptVideo = MediaChecks.WholeLatentFrames(InputVideo.Decode(prompt, decode), tokenizer);
                    var tokens = await TokenizeCommand.TokenizeAsync(set.Clients.Tokenizer, promptVideo, sink, token).ConfigureAwait(false);
                    promptTokens = new TokenPrompt(tokens.Header, tokens.Frames);
                }

                var given = promptTokens?.Frames.Count ?? 0;
                var latentFrames = parse.GetValue(generate.LatentFrames) ?? generator.MaxLatentFrames - given;
                if (latentFrames < 1)
                {
                    throw CommandException.Usage($"the prompt fills the generator's context of {generator.MaxLatentFrames} latent frames: pass fewer --frames.");
                }

                var request = new GenerationRequest(latentFrames) { ClassId = parse.GetValue(generate.Class), Prompt = promptTokens, Options = generate.Sampling(parse) };
                var rate = view.FrameRate(parse) ?? promptVideo?.FrameRate ?? InputVideo.DefaultFrameRate;
                return tokensOnly
                    ? await WriteTokensAsync(parse, set, request, path, rate, sink, token).ConfigureAwait(false)
                    : await WriteVideoAsync(parse, set, request, path, rate, view.ScaleOf(parse), sink, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> WriteTokensAsync(ParseResult parse, ServiceSet set, GenerationRequest request, string path, double rate, IProgressSink sink, CancellationToken cancellationToken)
    {
        var generated = await set.Clients.Generator.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        await using (generated.ConfigureAwait(false))
        {
            var step = sink.Step("generate (latent frames)", generated.Header.LatentFrames ?? request.LatentFrames);
            var frames = new List<TokenFrame>();
            await foreach (var frame in generated.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                frames.Add(frame);
                step.Increment();
            }

            step.Complete();
            var video = new TokenVideo(generated.Header with { LatentFrames = frames.Count }, frames) { FrameRate = new FrameRate((uint)Math.Round(rate * 1000), 1000) };
            MgtWriter.Write(path, video);
            var report = TokenReport.Of(path, video, null, generated.Seed);
            Report(parse, report, report.Describe());
            return CliExitCodes.Ok;
        }
    }

    private static async Task<int> WriteVideoAsync(ParseResult parse, ServiceSet set, GenerationRequest request, string path, double rate, int scale, IProgressSink sink, CancellationToken cancellationToken)
    {
        var run = set.Clients.Pipeline.Generate(request, cancellationToken: cancellationToken);
        var step = sink.Step("generate → detokenize (frames)", set.Detokenizer!.Geometry.FirstFrame((request.Prompt?.Frames.Count ?? 0) + request.LatentFrames));
        var frames = await FrameConversion.CollectAsync(run.Frames, _ => step.Increment(), cancellationToken).ConfigureAwait(false);
        step.Complete();
        OutputFile.WriteFrames(path, frames, rate, scale);
        var report = new { Output = path, Frames = frames.Count, frames.Width, frames.Height, LatentFrames = run.Metrics.TokenFrameCount, run.Metrics.PromptLatentFrames, run.Metrics.Seed };
        Report(parse, report, string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {path}: {frames.Count} frames of {frames.Width}×{frames.Height} from {report.LatentFrames} latent frames ({report.PromptLatentFrames} of them the prompt's), seed {report.Seed}"));
        return CliExitCodes.Ok;
    }

    private static void Report<T>(ParseResult parse, T report, string line)
    {
        if (parse.GetValue<bool>("--json"))
        {
            CliJson.Write(parse.InvocationConfiguration.Output, report);
        }
        else
        {
            parse.InvocationConfiguration.Output.WriteLine(line);
        }
    }
}
