using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Magvit.Client.Tests.Support;

/// <summary>
/// One service host on loopback, like a pod: started from the service's own <c>Build</c>, killed (connections aborted,
/// no drain) and restarted on the same port, as a restarted pod behind the same address.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly Func<string[], WebApplication> build;
    private readonly string[] settings;
    private WebApplication? app;

    private TestHost(Func<string[], WebApplication> build, int port, string[] settings)
        => (this.build, Port, this.settings) = (build, port, settings);

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>A host of the service <paramref name="build"/> makes, on a free port, serving once this returns.</summary>
    public static async Task<TestHost> StartAsync(Func<string[], WebApplication> build, params string[] settings)
    {
        var host = new TestHost(build, FreePort(), settings);
        await host.RunAsync();
        return host;
    }

    /// <summary>Ends the host at once: listeners closed, every connection aborted mid-stream, no drain.</summary>
    public async Task KillAsync()
    {
        if (app is not { } running)
        {
            return;
        }

        app = null;
        try
        {
            await running.StopAsync(new CancellationToken(canceled: true)).Within();
        }
        catch (OperationCanceledException)
        {
            // A cancelled stop is what aborts the connections; hosted services report it as cancelled.
        }

        await running.DisposeAsync().AsTask().Within();
    }

    /// <summary>A fresh host of the same service on the same port (a restarted pod).</summary>
    public Task RestartAsync() => RunAsync();

    public async ValueTask DisposeAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync().Within();
            await running.DisposeAsync().AsTask().Within();
        }
    }

    private async Task RunAsync()
    {
        string[] args =
        [
            "--Magvit:BindAddress=127.0.0.1",
            $"--Magvit:GrpcPort={Port}",
            $"--Magvit:MetricsPort={FreePort()}",
            "--Magvit:NumericsCheck=false",
            "--Magvit:ShutdownTimeout=00:00:02",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel=Error",
            "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=Critical",
            .. settings,
        ];
        var created = build(args);
        await created.StartAsync().Within();
        app = created;
        await WaitForServingAsync();
    }

    private async Task WaitForServingAsync()
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + Bounded.Timeout;
        while ((await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            Assert.True(DateTime.UtcNow < deadline, "The host never reported SERVING.");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
