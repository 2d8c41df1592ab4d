using System.CommandLine;
using Magvit.Cli.Benchmarks.Serve;
using Magvit.Model.Tokenizer;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit bench serve</c>: what the gRPC services cost on top of the engine they wrap — throughput and time to
/// first output against the in-process path on the same engine, wire bytes per token, and how concurrent streams
/// batch — with both hosts started in this process on loopback.
/// </summary>
internal static class BenchServeCommand
{
    private const int FullFrames = 17;
    private const int QuickFrames = 5;

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (progress goes to standard error)." };
        var model = new Option<string>("--model") { Description = "Model folder (model.safetensors + config.json) or checkpoint to serve." };
        var preset = new Option<string>("--preset")
        {
            Description = $"Serve random weights of this preset (speed does not depend on the values; default {TokenizerPresets.CausalDefault}).",
        };
        preset.AcceptOnlyFromAmong([.. TokenizerPresets.Names]);
        var size = new Option<int>("--size") { Description = "Frame height = width in pixels.", DefaultValueFactory = _ => 64 };
        var frames = new Option<int?>("--frames") { Description = $"Frames per clip (default {FullFrames}, {QuickFrames} with --quick)." };
        var quick = new Option<bool>("--quick") { Description = "A smoke run: one round of one clip per measurement." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (default: libtorch's choice)." };
        var command = new Command("serve", "gRPC vs in-process throughput, time to first token, wire bytes per token, concurrent streams.")
        {
            json, model, preset, size, frames, quick, threads,
        };
        size.Validators.Add(result => RequirePositive(result, result.GetValueOrDefault<int>()));
        frames.Validators.Add(result => RequirePositive(result, result.GetValueOrDefault<int?>() ?? 1));
        command.Validators.Add(result =>
        {
            if (result.GetValue(model) is not null && result.GetValue(preset) is not null)
            {
                result.AddError("Give --model or --preset, not both.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var asJson = parseResult.GetValue(json);
            var isQuick = parseResult.GetValue(quick);
            var settings = new ServeSettings(
                parseResult.GetValue(model) is { } path ? Path.GetFullPath(path) : null,
                parseResult.GetValue(preset) ?? TokenizerPresets.CausalDefault,
                parseResult.GetValue(size),
                parseResult.GetValue(frames) ?? (isQuick ? QuickFrames : FullFrames),
                isQuick,
                parseResult.GetValue(threads));
            var output = parseResult.InvocationConfiguration.Output;
            var report = await ServeBenchmark.RunAsync(settings, asJson ? parseResult.InvocationConfiguration.Error : output, cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                CliJson.Write(output, report);
            }
            else
            {
                BenchServeTables.Write(output, report);
            }

            return 0;
        });
        return command;
    }

    private static void RequirePositive(System.CommandLine.Parsing.OptionResult result, int value)
    {
        if (value <= 0)
        {
            result.AddError($"{result.Option.Name} must be positive.");
        }
    }
}
