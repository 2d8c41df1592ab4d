using System.CommandLine;
using System.Globalization;
using Magvit.Cli.Media;
using Magvit.Cli.Progress;
using Magvit.Cli.Services;
using Magvit.Cli.Tokens;
using Magvit.Client;
using Magvit.Media;

namespace Magvit.Cli.Commands;

/// <summary><c>magvit detokenize IN.mgt -o OUT.(mp4|gif|png)</c>: a token file through the detokenizer service into a video or PNG strip.</summary>
internal static class DetokenizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN.mgt") { Description = "A token file written by tokenize or generate." };
        var output = new Option<string>("--output", "-o") { Description = "The video (.mp4, .gif) or PNG strip (.png) to write.", Required = true };
        var view = new ViewOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var services = new ServiceOptions(ServiceNeeds.Detokenizer);
        var command = new Command("detokenize", "Tokens → frames: decode a .mgt file into an mp4, gif or PNG strip (exit 0 ok, 1 failed, 2 usage).") { input, output, json };
        view.AddTo(command);
        services.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, "detokenize", async token =>
        {
            var path = OutputFile.Require(parse.GetValue(output)!, MediaEncoder.Extensions);
            var source = parse.GetValue(input)!;
            if (!File.Exists(source))
            {
                throw CommandException.Usage($"no such token file: {source}");
            }

            var tokens = MgtReader.Read(source);
            MediaChecks.RequireFfmpeg();
            var (asJson, error) = (parse.GetValue(json), parse.InvocationConfiguration.Error);
            await using var set = await ServiceSet.OpenAsync(parse, services, error, token).ConfigureAwait(false);
            RequireMatch(tokens.Header, set.Detokenizer!);
            var frames = await CliProgress.RunAsync(CliProgress.Enabled(error, asJson), sink => DetokenizeAsync(set.Clients.Detokenizer, tokens, sink, token)).ConfigureAwait(false);
            var rate = view.FrameRate(parse) ?? Rate(tokens.FrameRate) ?? InputVideo.DefaultFrameRate;
            OutputFile.WriteFrames(path, frames, rate, view.ScaleOf(parse));
            var report = new { Output = path, Frames = frames.Count, frames.Width, frames.Height, FrameRate = rate, LatentFrames = tokens.Frames.Count };
            if (asJson)
            {
                CliJson.Write(parse.InvocationConfiguration.Output, report);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path}: {frames.Count} frames of {frames.Width}×{frames.Height} at {rate:0.##} fps from {tokens.Frames.Count} latent frames"));
            }

            return CliExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>Every frame of <paramref name="tokens"/>, decoded.</summary>
    public static async Task<RgbFrames> DetokenizeAsync(IDetokenizerClient detokenizer, TokenVideo tokens, IProgressSink sink, CancellationToken cancellationToken)
    {
        var decoded = await detokenizer.DetokenizeAsync(tokens.Header, tokens.Frames.ToAsyncEnumerable(), cancellationToken).ConfigureAwait(false);
        await using (decoded.ConfigureAwait(false))
        {
            var step = sink.Step("detokenize (frames)", decoded.Format.FrameCount ?? tokens.Frames.Count);
            var frames = await FrameConversion.CollectAsync(decoded.ReadAllAsync(cancellationToken), _ => step.Increment(), cancellationToken).ConfigureAwait(false);
            step.Complete();
            return frames;
        }
    }

    /// <summary>Fails early, with both sides named, when the tokens cannot be the service's.</summary>
    public static void RequireMatch(TokenStreamHeader header, ModelDescription detokenizer)
    {
        if (header.CodebookBits != detokenizer.CodebookBits)
        {
            throw new CommandException($"the tokens have K = {header.CodebookBits} bits; the detokenizer's model ({detokenizer.Identity.ModelId}) decodes {detokenizer.CodebookBits}-bit tokens.");
        }

        if (header.Model is { WeightsSha256.Length: > 0 } made && detokenizer.Identity.WeightsSha256.Length > 0
            && !string.Equals(made.WeightsSha256, detokenizer.Identity.WeightsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandException($"the tokens were made by {made.ModelId} (weights {made.WeightsSha256[..12]}…); the detokenizer serves {detokenizer.Identity.ModelId} ({detokenizer.Identity.WeightsSha256[..12]}…).");
        }
    }

    private static double? Rate(FrameRate? rate) => rate is { Denominator: > 0 } r ? (double)r.Numerator / r.Denominator : null;
}
