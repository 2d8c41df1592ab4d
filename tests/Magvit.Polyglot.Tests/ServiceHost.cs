using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Magvit.Polyglot.Tests;

/// <summary>One service process-equivalent: the real host on free loopback ports, SERVING once started.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ServiceHost(WebApplication app, int grpcPort)
    {
        App = app;
        Target = $"127.0.0.1:{grpcPort}";
        Channel = GrpcChannel.ForAddress($"http://{Target}");
    }

    public WebApplication App { get; }

    /// <summary>"host:port" of the gRPC endpoint, as the other languages' clients take it.</summary>
    public string Target { get; }

    public GrpcChannel Channel { get; }

    /// <summary>
    /// A started host over the tiny model (or what <paramref name="settings"/> choose instead; later arguments win) that
    /// has loaded its model and reports SERVING.
    /// </summary>
    public static async Task<ServiceHost> StartAsync(Func<string[], WebApplication> build, params string[] settings)
    {
        var (grpcPort, metricsPort) = (FreePort(), FreePort());
        string[] args =
        [
            $"--Magvit:ModelPath={TinyModel.Path}",
            "--Magvit:BindAddress=127.0.0.1",
            $"--Magvit:GrpcPort={grpcPort}",
            $"--Magvit:MetricsPort={metricsPort}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=Critical",
            .. settings,
        ];
        var app = build(args);
        try
        {
            await app.StartAsync().WaitAsync(Timeout);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var host = new ServiceHost(app, grpcPort);
        try
        {
            await host.WaitUntilServingAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync().WaitAsync(Timeout);
        await App.DisposeAsync();
    }

    private async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var status = (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync.WaitAsync(Timeout)).Status;
            if (status == HealthCheckResponse.Types.ServingStatus.Serving)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Target} stayed {status}.");
            }

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
