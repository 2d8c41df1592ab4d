using System.CommandLine;
using Magvit.Cli.Commands;

namespace Magvit.Cli;

/// <summary>The <c>magvit</c> command tree.</summary>
internal static class CliApp
{
    public static RootCommand Build() => new("MagvitGrpc: MAGVIT-v2 tokenizer and generator tools.")
    {
        VerifyCommand.Create(),
        DoctorCommand.Create(),
        ConvertCommand.Create(),
        BenchCommand.Create(),
        TrainCommand.Create(),
    };
}
