using System.CommandLine;
using Magvit.Cli.Benchmarks.Generate;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Generation.Masked;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit bench generate</c>: the token generators measured side by side in one run, ratios next to the absolute
/// numbers — KV cache against none and guidance against none (autoregressive), latency per step and per latent frame
/// (masked), and time to first token and concurrent throughput behind the real generator service on loopback.
/// </summary>
internal static class BenchGenerateCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (progress goes to standard error)." };
        var arPreset = new Option<string>("--ar-preset")
        {
            Description = $"Random weights of this autoregressive preset (default {AutoregressivePresets.Video64}; {AutoregressivePresets.TinyVideo} with --quick).",
        };
        arPreset.AcceptOnlyFromAmong([.. AutoregressivePresets.Names]);
        var maskedPreset = new Option<string>("--masked-preset")
        {
            Description = $"Random weights of this masked preset (default {MaskedPresets.Video64}; {MaskedPresets.Tiny} with --quick).",
        };
        maskedPreset.AcceptOnlyFromAmong([.. MaskedPresets.Names]);
        var models = new Option<string[]>("--model")
        {
            Description = "A generator model folder or checkpoint instead of the preset of its kind (repeatable: one autoregressive, one masked).",
        };
        var quick = new Option<bool>("--quick") { Description = "A smoke run: tiny presets, one round of everything." };
        var rounds = new Option<int>("--rounds") { Description = $"Side-by-side rounds per measurement (default {GenerateSettings.DefaultRounds}; 1 with --quick)." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (default: libtorch's choice)." };
        var command = new Command("generate", "Generator speed: KV cache and guidance ratios, masked ms per step and frame, gRPC first token and 1 vs 4 requests.")
        {
            json, arPreset, maskedPreset, models, quick, rounds, threads,
        };
        rounds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--rounds must be positive.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var asJson = parseResult.GetValue(json);
            var settings = new GenerateSettings(
                [.. (parseResult.GetValue(models) ?? []).Select(Path.GetFullPath)],
                parseResult.GetValue(arPreset),
                parseResult.GetValue(maskedPreset),
                parseResult.GetValue(quick),
                parseResult.GetValue(rounds),
                parseResult.GetValue(threads));
            var (output, error) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            GenerateReport report;
            try
            {
                report = await GenerateBenchmark.RunAsync(settings, asJson ? error : output, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                // A model path that does not load, or models and presets that name the same kind twice.
                error.WriteLine($"bench generate: {e.Message}");
                return 1;
            }

            if (asJson)
            {
                CliJson.Write(output, report);
            }
            else
            {
                BenchGenerateTables.Write(output, report);
            }

            return 0;
        });
        return command;
    }
}
