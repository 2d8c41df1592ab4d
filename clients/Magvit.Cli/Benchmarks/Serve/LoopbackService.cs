using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Magvit.Hosting;
using Magvit.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// A real service host (Kestrel, HTTP/2 cleartext) started in this process on free loopback ports, and a reused
/// client channel to it. The engine behind the host is exposed too: the in-process baseline runs on the very same
/// model, worker and batching queue, so the two paths differ only by the transport.
/// </summary>
internal sealed class LoopbackService : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private readonly WebApplication app;

    private LoopbackService(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>http://127.0.0.1:port of the gRPC endpoint.</summary>
    public string Address { get; }

    /// <summary>One channel for every call (channels are meant to be reused).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The host's engine (tokenizer and detokenizer hosts).</summary>
    public TokenizerEngine Engine => app.Services.GetRequiredService<TokenizerEngineHost>().Engine;

    /// <summary>The host's services: the engine of any other host (<c>GeneratorEngineHost</c>) is found here.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>The host's validated options.</summary>
    public MagvitHostOptions Options => app.Services.GetRequiredService<IOptions<MagvitHostOptions>>().Value;

    /// <summary>
    /// Builds a host with <paramref name="build"/> (TokenizerApp.Build or DetokenizerApp.Build), starts it and waits
    /// until its health check says SERVING. The conv numerics self-check is skipped (NumericsCheck=false): it checks
    /// libtorch's numerics, not speed, and costs start-up time. Host logs go to standard error, at Warning and above,
    /// so they never mix with the report.
    /// </summary>
    public static Task<LoopbackService> StartAsync(Func<string[], WebApplication> build, ServeSettings settings, CancellationToken cancellationToken)
        => StartAsync(
            build,
            [settings.ModelPath is { } path ? $"--Magvit:ModelPath={path}" : $"--Magvit:Preset={settings.Preset}"],
            settings.Threads,
            cancellationToken);

    /// <summary>
    /// Builds any MagvitGrpc host with <paramref name="build"/> and <paramref name="options"/> (the model and anything
    /// else, as <c>--Magvit:Name=value</c>), on free loopback ports with <paramref name="threads"/> libtorch threads,
    /// starts it and waits until its health check says SERVING (logs and numerics check as above).
    /// </summary>
    public static Task<LoopbackService> StartAsync(
        Func<string[], WebApplication> build, IReadOnlyList<string> options, int threads, CancellationToken cancellationToken)
        => StartAsync(build, options, threads, new HostEndpoints("127.0.0.1", FreePort(), FreePort(), NumericsCheck: false), cancellationToken);

    /// <summary>
    /// Builds any MagvitGrpc host with <paramref name="build"/> and <paramref name="options"/> on the given
    /// <paramref name="endpoints"/>, starts it and waits until its health check says SERVING (logs as above).
    /// </summary>
    public static async Task<LoopbackService> StartAsync(
        Func<string[], WebApplication> build, IReadOnlyList<string> options, int threads, HostEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(endpoints);
        var (grpcPort, metricsPort) = (endpoints.GrpcPort, endpoints.MetricsPort);
        string[] args =
        [
            .. options,
            $"--Magvit:BindAddress={endpoints.BindAddress}",
            $"--Magvit:GrpcPort={grpcPort}",
            $"--Magvit:MetricsPort={metricsPort}",
            $"--Magvit:NumericsCheck={endpoints.NumericsCheck}",
            $"--Magvit:Threads={threads}",
            "--Logging:LogLevel:Default=Warning",
            // NOT_SERVING while the model loads is expected here, not worth an error line.
            "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=Critical",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ];
        var app = build(args);
        await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        var service = new LoopbackService(app, $"http://{endpoints.ClientHost}:{grpcPort}");
        try
        {
            await service.WaitUntilServingAsync(cancellationToken).ConfigureAwait(false);
            return service;
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        while (true)
        {
            // The host stops itself when the model fails to load; its log (standard error) says why.
            if (stopping.IsCancellationRequested)
            {
                throw new InvalidOperationException("The service host stopped while loading the model (see the log above).");
            }

            var status = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (status.Status == HealthCheckResponse.Types.ServingStatus.Serving)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The service stayed {status.Status} for {StartTimeout.TotalMinutes} minutes.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A TCP port that was free on loopback a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
