using System.CommandLine;
using System.Globalization;
using Magvit.Cli.Media;
using Magvit.Cli.Progress;
using Magvit.Cli.Services;
using Magvit.Media;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit reconstruct INPUT -o OUT.(mp4|gif|png)</c>: INPUT through the tokenizer and the detokenizer, stream to
/// stream (<c>MagvitPipeline.Reconstruct</c>), written as a video or PNG strip, with its RGB PSNR.
/// </summary>
internal static class ReconstructCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A video, image or image sequence that ffmpeg reads." };
        var output = new Option<string>("--output", "-o") { Description = "The video (.mp4, .gif) or PNG strip (.png) to write.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var frames = new FrameSelection();
        var view = new ViewOptions();
        var services = new ServiceOptions(ServiceNeeds.Tokenizer | ServiceNeeds.Detokenizer);
        var command = new Command("reconstruct", "Frames → tokens → frames through the services (exit 0 ok, 1 failed, 2 usage).") { input, output, json };
        frames.AddTo(command);
        view.AddTo(command);
        services.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, "reconstruct", async token =>
        {
            var path = OutputFile.Require(parse.GetValue(output)!, MediaEncoder.Extensions);
            MediaChecks.RequireFfmpeg();
            var video = InputVideo.Decode(parse.GetValue(input)!, frames.ToDecodeOptions(parse));
            var (asJson, error) = (parse.GetValue(json), parse.InvocationConfiguration.Error);
            await using var set = await ServiceSet.OpenAsync(parse, services, error, token).ConfigureAwait(false);
            video = MediaChecks.WholeLatentFrames(video, set.Tokenizer!);
            var run = set.Clients.Pipeline.Reconstruct(video.ToVideoFrames(), cancellationToken: token);
            var result = await CliProgress.RunAsync(CliProgress.Enabled(error, asJson), async sink =>
            {
                var step = sink.Step("reconstruct (frames)", video.Frames.Count);
                var collected = await FrameConversion.CollectAsync(run.Frames, _ => step.Increment(), token).ConfigureAwait(false);
                step.Complete();
                return collected;
            }).ConfigureAwait(false);
            OutputFile.WriteFrames(path, result, view.FrameRate(parse) ?? video.FrameRate, view.ScaleOf(parse));
            var report = new
            {
                Output = path,
                Frames = result.Count,
                result.Width,
                result.Height,
                LatentFrames = run.Metrics.TokenFrameCount,
                PsnrDb = VideoQuality.Psnr(video.Frames, result),
                TimeToFirstFrameMs = run.Metrics.TimeToFirstFrame?.TotalMilliseconds,
                TotalMs = run.Metrics.Elapsed?.TotalMilliseconds,
            };
            if (asJson)
            {
                CliJson.Write(parse.InvocationConfiguration.Output, report);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"wrote {path}: {result.Count} frames of {result.Width}×{result.Height} from {report.LatentFrames} latent frames, RGB PSNR {report.PsnrDb:F2} dB, first frame after {report.TimeToFirstFrameMs:F0} ms, {report.TotalMs:F0} ms in all"));
            }

            return CliExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
