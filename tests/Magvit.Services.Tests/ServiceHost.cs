using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Magvit.Hosting;
using Magvit.Runtime;
using Magvit.Runtime.Generation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Magvit.Services.Tests;

/// <summary>One service process-equivalent: the real host on free loopback ports.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ServiceHost(WebApplication app, ServerLog log, int grpcPort, int metricsPort)
    {
        App = app;
        Log = log;
        GrpcPort = grpcPort;
        MetricsPort = metricsPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public WebApplication App { get; }

    /// <summary>What the host's Magvit components logged (Information and above).</summary>
    public ServerLog Log { get; }

    public int GrpcPort { get; }

    public int MetricsPort { get; }

    public GrpcChannel Channel { get; }

    public TokenizerEngineHost Engine => App.Services.GetRequiredService<TokenizerEngineHost>();

    public GeneratorEngineHost Generator => App.Services.GetRequiredService<GeneratorEngineHost>();

    public StreamAdmission Admission => App.Services.GetRequiredService<StreamAdmission>();

    /// <summary>A started host that has loaded its model and reports SERVING.</summary>
    public static async Task<ServiceHost> StartAsync(Func<string[], WebApplication> build, params string[] settings)
    {
        var host = await StartLoadingAsync(build, settings);
        try
        {
            await host.WaitForStatusAsync(HealthCheckResponse.Types.ServingStatus.Serving);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>A started host whose model may still be loading (it loads in the background).</summary>
    public static async Task<ServiceHost> StartLoadingAsync(Func<string[], WebApplication> build, params string[] settings)
    {
        var (args, grpcPort, metricsPort) = Arguments(settings);
        var app = build(args);
        var log = ServerLog.AttachTo(app);
        try
        {
            await app.StartAsync().WaitAsync(Timeout);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ServiceHost(app, log, grpcPort, metricsPort);
    }

    /// <summary>
    /// Command-line arguments of a host over the tiny model on free loopback ports, then <paramref name="settings"/>
    /// (later arguments win). Console logs show warnings and errors; <see cref="ServerLog"/> sees Magvit's information.
    /// </summary>
    public static (string[] Args, int GrpcPort, int MetricsPort) Arguments(params string[] settings)
    {
        var (grpcPort, metricsPort) = (FreePort(), FreePort());
        string[] args =
        [
            $"--Magvit:ModelPath={TinyModel.Path}",
            "--Magvit:BindAddress=127.0.0.1",
            $"--Magvit:GrpcPort={grpcPort}",
            $"--Magvit:MetricsPort={metricsPort}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Magvit=Information",
            "--Logging:Console:LogLevel:Default=Warning",
            "--Logging:Console:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=Critical",
            .. settings,
        ];
        return (args, grpcPort, metricsPort);
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

    /// <summary>Waits until the generator admits no stream, runs and queues nothing; returns its statistics.</summary>
    public async Task<GeneratorStatistics> WaitForGeneratorIdleAsync()
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var statistics = Generator.Engine.Statistics;
            if (Admission.Active == 0 && statistics is { Running: 0, Queued: 0 })
            {
                return statistics;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The generator stayed busy: {Admission.Active} admitted streams, {statistics}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The Prometheus text the metrics port serves (HTTP/1.1 GET /metrics).</summary>
    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{MetricsPort}/metrics") { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.SendAsync(request).WaitAsync(Timeout);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
    }

    /// <summary>
    /// Scrapes until the metrics contain every one of <paramref name="lines"/> (the exporter caches a scrape briefly, so a
    /// recent recording may need another scrape); returns the text.
    /// </summary>
    public async Task<string> WaitForMetricsAsync(params string[] lines)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var text = await MetricsAsync();
            var missing = lines.Where(l => !text.Contains(l, StringComparison.Ordinal)).ToList();
            if (missing.Count == 0)
            {
                return text;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The metrics lack {string.Join(", ", missing)}:\n{text}");
            }

            await Task.Delay(100);
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
