using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Magvit.Hosting;
using Magvit.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Magvit.Services.Tests;

/// <summary>One service process-equivalent: the real host on free loopback ports, ready (SERVING) when created.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ServiceHost(WebApplication app, int grpcPort, int metricsPort)
    {
        App = app;
        GrpcPort = grpcPort;
        MetricsPort = metricsPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public WebApplication App { get; }

    public int GrpcPort { get; }

    public int MetricsPort { get; }

    public GrpcChannel Channel { get; }

    public TokenizerEngineHost Engine => App.Services.GetRequiredService<TokenizerEngineHost>();

    public StreamAdmission Admission => App.Services.GetRequiredService<StreamAdmission>();

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
            .. settings,
        ];
        var app = build(args);
        await app.StartAsync().WaitAsync(Timeout);
        var host = new ServiceHost(app, grpcPort, metricsPort);
        await host.WaitForStatusAsync(HealthCheckResponse.Types.ServingStatus.Serving);
        return host;
    }

    public async Task WaitForStatusAsync(HealthCheckResponse.Types.ServingStatus wanted)
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var status = (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).Status;
            if (status == wanted)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Health stayed {status}, expected {wanted}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The runtime's counters and live-tensor counts, taken on its worker threads.</summary>
    public Task<RuntimeStatistics> StatisticsAsync() => Engine.Engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(Timeout);

    /// <summary>
    /// Waits until no stream is admitted or open, nothing is queued and the workers hold as many tensors as
    /// <paramref name="workerTensors"/> (the model's, at start): whatever ended last has been freed.
    /// </summary>
    public async Task<RuntimeStatistics> WaitForIdleAsync(long workerTensors)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var statistics = await StatisticsAsync();
            if (Admission.Active == 0 && statistics is { OpenStreams: 0, HeldStreamTensors: 0, QueueDepth: 0 } && statistics.WorkerLiveTensors == workerTensors)
            {
                return statistics;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The runtime stayed busy: {Admission.Active} admitted streams, {statistics}; expected {workerTensors} worker tensors.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync().WaitAsync(Timeout);
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
