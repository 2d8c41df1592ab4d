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
        ServeCommand.Create(),
        TokenizeCommand.Create(),
        DetokenizeCommand.Create(),
        ReconstructCommand.Create(),
        GenerateCommand.Create(),
        DemoCommand.Create(),
    };

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse prints its errors and exits
    /// <see cref="CliExitCodes.Usage"/> (2), the convention of the media commands; each command returns its own codes.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        var code = await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? CliExitCodes.Usage : code;
    }
}
