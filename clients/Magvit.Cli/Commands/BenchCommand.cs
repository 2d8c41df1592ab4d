using System.CommandLine;

namespace Magvit.Cli.Commands;

/// <summary><c>magvit bench</c>: performance measurements.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measures performance on this machine.")
    {
        BenchModelCommand.Create(),
        BenchStreamCommand.Create(),
        BenchServeCommand.Create(),
        BenchGenerateCommand.Create(),
        BenchTrainCommand.Create(),
    };
}
