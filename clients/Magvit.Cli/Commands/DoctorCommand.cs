using System.CommandLine;
using Magvit.Cli.Diagnostics;
using Magvit.Model.Numerics;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit doctor</c>: the native stack, then every conv shape of the chosen presets checked against float64 with
/// the channel guard on and off. Exit code 1 when any guarded conv is wrong.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var configs = PresetOption.Create("Preset to check (repeatable; default: all).");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var command = new Command("doctor", "Checks libtorch and the conv numerics of the tokenizer configs on this machine.") { configs, json };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(configs) is { Length: > 0 } names ? names : [.. TokenizerPresets.Names],
            parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(IReadOnlyList<string> names, bool json, TextWriter output)
    {
        TorchRuntime.Initialize();
        var native = NativeLibraryInfo.Probe();
        var reports = names.Select(name => ConvNumericsCheck.Run(TokenizerPresets.Get(name), name)).ToList();
        var passed = reports.All(r => r.Passed);
        if (json)
        {
            CliJson.Write(output, new DoctorReport(passed, SafeConvolution.PadChannels, native, reports));
        }
        else
        {
            DoctorTables.Write(output, native, reports);
        }

        return passed ? 0 : 1;
    }
}
