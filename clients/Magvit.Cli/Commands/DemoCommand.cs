using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Magvit.Cli.Demo;
using Magvit.Cli.Media;
using Magvit.Cli.Progress;
using Magvit.Cli.Services;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit demo</c>, the main job: the three services as separate processes (or at given addresses), a bundled clip
/// reconstructed and continued through MagvitPipeline, and out/ filled with the input, reconstruction and
/// continuation as mp4 and gif, a comparison strip and metrics.json; a summary table on stdout.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The bundled clip, relative to the repository root (scripts/make-sample.sh makes it).</summary>
    public static readonly string[] Sample = ["samples", "realshort-128.mp4"];

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for the outputs (default: out).", DefaultValueFactory = _ => "out" };
        var input = new Option<string>("--input") { Description = "The clip to run on (default: the bundled samples/realshort-128.mp4)." };
        var frames = new Option<int?>("--frames") { Description = "Frames to reconstruct (default: as many as the generator's context holds)." };
        var prompt = new Option<int?>("--prompt-latent-frames") { Description = "Latent frames of the clip given to the generator to continue (default 2)." };
        var seed = new Option<ulong>("--seed") { Description = "The generator's seed (default 1: the demo is reproducible).", DefaultValueFactory = _ => 1 };
        var steps = new Option<int?>("--steps") { Description = "Masked generators: decoding steps per latent frame (server default 12)." };
        var view = new ViewOptions(defaultScale: 4);
        var timeout = new Option<int>("--start-timeout") { Description = "Seconds to wait for the services to report SERVING (default 300).", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print metrics.json instead of the summary table." };
        var services = new ServiceOptions(ServiceNeeds.Tokenizer | ServiceNeeds.Detokenizer | ServiceNeeds.Generator);
        var command = new Command("demo", "The three services as processes, a clip reconstructed and continued, out/ with videos, a strip and metrics.json (exit 0 ok, 1 failed, 2 usage).")
        {
            output, input, frames, prompt, seed, steps, timeout, json,
        };
        view.AddTo(command);
        foreach (var option in services.All.Where(o => o != services.Local))
        {
            command.Options.Add(option);
        }

        foreach (var option in new[] { frames, prompt, steps })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int?>() is < 1)
                {
                    r.AddError($"{r.Option.Name} must be ≥ 1.");
                }
            });
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, "demo", async token =>
        {
            var total = Stopwatch.StartNew();
            var (stdout, error, asJson) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json));
            MediaChecks.RequireFfmpeg();
            var clip = parse.GetValue(input) ?? RepositoryPaths.Find(Sample)
                ?? throw CommandException.Usage($"the bundled clip {string.Join('/', Sample)} is not here (run from the repository, or pass --input FILE).");
            if (!File.Exists(clip))
            {
                throw CommandException.Usage($"no such input file: {clip}");
            }

            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var addresses = DemoServices.Addresses(parse.GetValue(services.Tokenizer), parse.GetValue(services.Detokenizer), parse.GetValue(services.Generator));
            var timings = new Dictionary<string, double>();
            Dictionary<string, string> sources;
            ServiceSet set;
            if (addresses is null)
            {
                var (tokenizerModel, generatorModel) = (services.TokenizerSource(parse), services.GeneratorSource(parse));
                if (ModelDefaults.Warning(("tokenizer", tokenizerModel), ("generator", generatorModel)) is { } warning)
                {
                    error.WriteLine(warning);
                }

                sources = new() { ["tokenizer"] = tokenizerModel.ToString(), ["generator"] = generatorModel.ToString() };
                set = await DemoServices.StartAsync(tokenizerModel, generatorModel, services.ThreadCount(parse), TimeSpan.FromSeconds(parse.GetValue(timeout)), error, token).ConfigureAwait(false);
            }
            else
            {
                sources = new() { ["tokenizer"] = $"the service at {addresses[ServiceNeeds.Tokenizer]}", ["generator"] = $"the service at {addresses[ServiceNeeds.Generator]}" };
                set = await DemoServices.ConnectAsync(addresses, token).ConfigureAwait(false);
            }

            await using (set.ConfigureAwait(false))
            {
                timings["start_services"] = total.Elapsed.TotalMilliseconds;
                var settings = new DemoSettings(clip, directory, parse.GetValue(frames), parse.GetValue(prompt), parse.GetValue(seed), parse.GetValue(steps), view.ScaleOf(parse), view.FrameRate(parse));
                var metrics = await CliProgress.RunAsync(CliProgress.Enabled(error, asJson), sink => DemoRunner.RunAsync(settings, set, sources, timings, sink, token)).ConfigureAwait(false);
                timings["total"] = total.Elapsed.TotalMilliseconds;
                metrics = metrics with { TimingsMs = timings.ToDictionary() };
                await File.WriteAllTextAsync(Path.Combine(directory, DemoRunner.MetricsFile), JsonSerializer.Serialize(metrics, CliJson.Options), token).ConfigureAwait(false);
                if (asJson)
                {
                    CliJson.Write(stdout, metrics);
                }
                else
                {
                    var relative = Path.GetRelativePath(Environment.CurrentDirectory, directory);
                    DemoSummary.Write(stdout, metrics, relative.StartsWith("..", StringComparison.Ordinal) ? directory : relative);
                }
            }

            return CliExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
