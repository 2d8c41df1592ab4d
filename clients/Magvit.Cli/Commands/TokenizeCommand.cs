using System.CommandLine;
using Magvit.Cli.Media;
using Magvit.Cli.Progress;
using Magvit.Cli.Services;
using Magvit.Cli.Tokens;
using Magvit.Client;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit tokenize INPUT -o OUT.mgt</c>: decodes any input ffmpeg reads to frames (size, fit, frames), sends the
/// whole latent frames through the tokenizer service and writes the tokens as a <c>.mgt</c> file.
/// </summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A video, image or image sequence that ffmpeg reads." };
        var output = new Option<string>("--output", "-o") { Description = "The .mgt token file to write.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var frames = new FrameSelection();
        var services = new ServiceOptions(ServiceNeeds.Tokenizer);
        var command = new Command("tokenize", "Frames → tokens: write INPUT's tokens to a .mgt file (exit 0 ok, 1 failed, 2 usage).") { input, output, json };
        frames.AddTo(command);
        services.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, "tokenize", async token =>
        {
            var path = OutputFile.Require(parse.GetValue(output)!, [".mgt"]);
            MediaChecks.RequireFfmpeg();
            var video = InputVideo.Decode(parse.GetValue(input)!, frames.ToDecodeOptions(parse));
            var asJson = parse.GetValue(json);
            var error = parse.InvocationConfiguration.Error;
            await using var set = await ServiceSet.OpenAsync(parse, services, error, token).ConfigureAwait(false);
            video = MediaChecks.WholeLatentFrames(video, set.Tokenizer!);
            var tokens = await CliProgress.RunAsync(CliProgress.Enabled(error, asJson), sink => TokenizeAsync(set.Clients.Tokenizer, video, sink, token)).ConfigureAwait(false);
            MgtWriter.Write(path, tokens);
            var report = TokenReport.Of(path, tokens, video.Frames);
            if (asJson)
            {
                CliJson.Write(parse.InvocationConfiguration.Output, report);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine(report.Describe());
            }

            return CliExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>Every latent frame of <paramref name="video"/>'s tokens, collected.</summary>
    public static async Task<TokenVideo> TokenizeAsync(ITokenizerClient tokenizer, InputVideo video, IProgressSink sink, CancellationToken cancellationToken)
    {
        var collected = new List<TokenFrame>();
        var tokens = await tokenizer.TokenizeAsync(video.ToVideoFrames(), cancellationToken).ConfigureAwait(false);
        await using (tokens.ConfigureAwait(false))
        {
            var step = sink.Step("tokenize (latent frames)", tokens.Header.LatentFrames ?? 1);
            await foreach (var frame in tokens.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                collected.Add(frame);
                step.Increment();
            }

            step.Complete();
            return new TokenVideo(tokens.Header with { LatentFrames = collected.Count }, collected) { FrameRate = video.ExactRate };
        }
    }
}
