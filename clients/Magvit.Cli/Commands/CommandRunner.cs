using System.CommandLine;
using System.Runtime.InteropServices;
using Magvit.Client;
using Magvit.Media;

namespace Magvit.Cli.Commands;

/// <summary>
/// Runs a media command's body and turns what can go wrong into one line on standard error and an exit code a
/// person can act on (<see cref="CliExitCodes"/>): a bad command line 2, anything that could not be done 1, Ctrl+C 130.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parse, string name, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        // Ctrl+C (SIGINT) and SIGTERM cancel the command instead of killing the process, so that whatever it started
        // (service hosts, child processes) is stopped by the command's own clean-up before it exits.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        try
        {
            return await body(interrupted.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Once interrupted, whatever the stopped work threw is the interruption's consequence, not a failure to report.
        catch (Exception) when (interrupted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            error.WriteLine($"{name}: interrupted.");
            return CliExitCodes.Interrupted;
        }
        catch (CommandException e)
        {
            error.WriteLine($"{name}: {e.Message}");
            return e.ExitCode;
        }
        catch (MagvitClientException e)
        {
            error.WriteLine($"{name}: {Describe(e)}");
            return CliExitCodes.Failure;
        }
        catch (Exception e) when (e is MediaToolMissingException or MediaException or InvalidDataException or IOException or TimeoutException or InvalidOperationException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return CliExitCodes.Failure;
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
    }

    /// <summary>The status, the server's message and any field it rejected.</summary>
    public static string Describe(MagvitClientException e)
    {
        var fields = e.FieldViolations.Count == 0 ? string.Empty : " (" + string.Join("; ", e.FieldViolations.Select(v => $"{v.Field}: {v.Description}")) + ")";
        return $"{e.StatusCode}: {e.Message}{fields}";
    }
}
