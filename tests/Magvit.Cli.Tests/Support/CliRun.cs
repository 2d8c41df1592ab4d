using System.CommandLine;
using System.Diagnostics;

namespace Magvit.Cli.Tests.Support;

/// <summary>Runs the CLI in this process (through <see cref="CliApp.InvokeAsync"/>) or as a child process (<c>dotnet magvit.dll</c>), always under a timeout.</summary>
internal static class CliRun
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Timeout);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts <c>dotnet magvit.dll ARGS</c> from the test's output folder (which holds the CLI and the services).</summary>
    public static Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Services.DotnetHost.Muxer())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "magvit.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs <c>dotnet magvit.dll ARGS</c> to its end (killed after <paramref name="timeout"/>).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(IReadOnlyList<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output.WaitAsync(timeout), await error.WaitAsync(timeout));
    }

    /// <summary>Whether a process with <paramref name="pid"/> is still alive (and not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return false;
        }

        try
        {
            return !File.ReadAllLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MagvitGrpc.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("MagvitGrpc.sln not found above the tests.");
    }

    public static string Sample => Path.Combine(RepositoryRoot(), "samples", "realshort-128.mp4");
}
