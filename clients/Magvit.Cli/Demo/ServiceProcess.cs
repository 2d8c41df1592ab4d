using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Magvit.Cli.Commands;
using Magvit.Cli.Services;

namespace Magvit.Cli.Demo;

/// <summary>
/// One service host as a child process (<c>dotnet Magvit.Tokenizer.dll --Magvit:…</c>) on a loopback port. Its
/// output is kept (the last lines) to explain a failed start. Disposing kills it and its children and waits for them;
/// every live child is also killed when this process exits, so none outlives the CLI.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in Live.Values)
        {
            Kill(child);
        }
    };

    private ServiceProcess(string service, Process process, string address)
        => (Service, this.process, Address) = (service, process, address);

    /// <summary>tokenizer, detokenizer or generator.</summary>
    public string Service { get; }

    /// <summary>http://127.0.0.1:port of its gRPC endpoint.</summary>
    public string Address { get; }

    /// <summary>The child's process id.</summary>
    public int ProcessId => process.Id;

    /// <summary>Starts <paramref name="assembly"/> with <paramref name="arguments"/> and the given loopback ports (not yet waiting for it).</summary>
    public static ServiceProcess Start(string service, string assembly, IReadOnlyList<string> arguments, int grpcPort, int metricsPort)
    {
        var start = new ProcessStartInfo(DotnetHost.Muxer())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,   // never read: a child never competes for the terminal's input
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])[
                     assembly, .. arguments,
                     "--Magvit:BindAddress=127.0.0.1", $"--Magvit:GrpcPort={grpcPort}", $"--Magvit:MetricsPort={metricsPort}",
                     "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=Critical"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var child = new ServiceProcess(service, process, $"http://127.0.0.1:{grpcPort}");
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        if (!process.Start())
        {
            throw new CommandException($"could not start the {service} process ({assembly}).");
        }

        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until grpc.health says SERVING; fails with the child's last lines when it exits or <paramref name="timeout"/> passes.</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new CommandException($"the {Service} process exited with code {process.ExitCode} while starting; its last lines:{Environment.NewLine}{Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new CommandException($"the {Service} process did not report SERVING within {timeout.TotalSeconds:F0} s; its last lines:{Environment.NewLine}{Tail()}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the child (and its children) and waits up to 10 s for it to be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill(process);
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported by the caller's check, if any; nothing more can be done than SIGKILL.
        }

        Live.TryRemove(process.Id, out _);
        process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > KeptLines && lines.TryDequeue(out _))
        {
        }
    }

    private string Tail() => string.Join(Environment.NewLine, lines.Select(l => "  " + l));
}
