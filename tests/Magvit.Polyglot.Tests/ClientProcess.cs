using System.ComponentModel;
using System.Diagnostics;

namespace Magvit.Polyglot.Tests;

/// <summary>Runs a client program of another language to the end, from the repository root, and returns its standard output.</summary>
internal static class ClientProcess
{
    /// <summary>Longest a client program may run; the calls inside it carry their own, shorter deadlines.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <exception cref="InvalidOperationException">
    /// The program could not be started, ran past <see cref="Timeout"/> or exited with a non-zero code; the message holds
    /// its standard error.
    /// </exception>
    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var command = $"{program} {string.Join(' ', arguments)}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"`{command}` did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"`{command}` could not start: {e.Message}. Is {program} installed (scripts/install-test-deps.sh)?", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"`{command}` ran past {Timeout.TotalSeconds} s. Its standard error:\n{await Drain(errors)}");
            }

            var (stdout, stderr) = (await output.WaitAsync(Timeout), await errors.WaitAsync(Timeout));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`{command}` exited with code {process.ExitCode}. Its standard error:\n{stderr}\nIts standard output:\n{stdout}");
            }

            return stdout;
        }
    }

    private static async Task<string> Drain(Task<string> stream)
    {
        try
        {
            return await stream.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return "(unreadable)";
        }
    }
}
