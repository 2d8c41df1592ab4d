using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Magvit.Contracts.V1;
using Magvit.Hosting;
using Magvit.Tokenizer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Magvit.Services.Tests;

/// <summary>grpc.health.v1 through a host's life: loading, serving, a failed load, shutdown.</summary>
[Collection(SharedServices.Name)]
public sealed class HealthTests(ServicesFixture services)
{
    [Fact]
    public async Task Check_AfterTheModelLoaded_ServingForTheServerAndItsServiceName()
    {
        Assert.Equal(ServingStatus.Serving, await CheckAsync(services.Tokenizer.Channel, ""));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(services.Tokenizer.Channel, "magvit.v1.TokenizerService"));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(services.Detokenizer.Channel, ""));
        Assert.Equal(ServingStatus.Serving, await CheckAsync(services.Detokenizer.Channel, "magvit.v1.DetokenizerService"));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(services.Tokenizer.Channel, "magvit.v1.DetokenizerService"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Check_WhileTheModelLoads_NotServingAndCallsUnavailableUntilLoaded()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // named pipes via mkfifo
        }

        using var folder = ModelFolder.Blocking();
        await using var host = await ServiceHost.StartLoadingAsync(TokenizerApp.Build, $"--Magvit:ModelPath={folder.Path}", "--Magvit:ShutdownTimeout=00:00:05");
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);

        // The load waits on the pipe for as long as the test wants: the service must say so, again and again.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ServingStatus.NotServing, await CheckAsync(host.Channel, "magvit.v1.TokenizerService"));
            Assert.Equal(ServingStatus.NotServing, await CheckAsync(host.Channel, ""));
            await Task.Delay(20);
        }

        await RpcAssert.StatusAsync(StatusCode.Unavailable, () => client.GetModelInfoAsync(new TokenizerServiceGetModelInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.Unavailable, () => client.TokenizeImageAsync(new TokenizeImageRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        await folder.FeedAsync();

        await host.WaitForStatusAsync(ServingStatus.Serving);
        var info = await client.GetModelInfoAsync(new TokenizerServiceGetModelInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync.WaitAsync(ServiceHost.Timeout);
        Assert.Equal(Path.GetFileName(folder.Path), info.Model.Identity.ModelId);
        host.Log.AssertNoErrors();
    }

    [Fact]
    public async Task Run_TruncatedModelFile_NeverServesAndTheHostStopsItself()
    {
        using var folder = ModelFolder.Truncated();
        var (args, grpcPort, _) = ServiceHost.Arguments($"--Magvit:ModelPath={folder.Path}", "--Magvit:ShutdownTimeout=00:00:05");
        var app = TokenizerApp.Build(args);
        var log = ServerLog.AttachTo(app);
        var readiness = app.Services.GetRequiredService<ModelReadiness>();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var seen = new List<ServingStatus>();

        // As Program.cs runs it: the host ends when it stops itself (RunAsync also disposes it).
        var run = app.RunAsync();
        var deadline = DateTime.UtcNow + ServiceHost.Timeout;
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            try
            {
                seen.Add(await CheckAsync(channel, "magvit.v1.TokenizerService"));
            }
            catch (RpcException)
            {
                // Not listening yet, or no longer.
            }

            await Task.Delay(10);
        }

        await run.WaitAsync(ServiceHost.Timeout);
        Assert.DoesNotContain(ServingStatus.Serving, seen);
        Assert.False(readiness.IsReady);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("could not be loaded", StringComparison.Ordinal) && e.Exception is not null);
    }

    [Fact]
    public async Task StopAsync_WhileAStreamRuns_NotServingAtOnceAndTheStreamStillCompletes()
    {
        await using var host = await ServiceHost.StartAsync(TokenizerApp.Build);
        using var model = TinyModel.Load();
        var health = host.App.Services.GetRequiredService<HealthCheckService>();
        var clip = new Clip(frames: 9, height: 16, width: 16, seed: 71);
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);
        using var call = client.Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout));
        await call.RequestStream.WriteAsync(new TokenizeRequest { Header = TokenizeCall.Header(clip) }).WaitAsync(ServiceHost.Timeout);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout));
        var tokenHeader = call.ResponseStream.Current;

        // Shutdown drains running streams (up to ShutdownTimeout); readiness must drop when it begins, not after.
        var stopping = host.App.StopAsync();
        var report = await WaitForHealthAsync(health, HealthStatus.Unhealthy);

        Assert.Equal("shutting down", report.Entries["model"].Description);
        Assert.False(stopping.IsCompleted, "shutdown did not wait for the running stream");
        var rest = await DuplexCall.ExchangeAsync(call, new Magvit.Contracts.FrameChunker(1000).Chunk(clip.Rgb24).Select(c => new TokenizeRequest { Frames = c }));
        Assert.Equal(clip.OfflineTokens(model), TokenizeCall.Read([tokenHeader, .. rest]).Tokens);
        await stopping.WaitAsync(ServiceHost.Timeout);
    }

    [Fact]
    public async Task StopAsync_WhileTheModelLoads_NeverServesEvenIfTheLoadEndsDuringTheDrain()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // named pipes via mkfifo
        }

        using var folder = ModelFolder.Blocking();
        await using var host = await ServiceHost.StartLoadingAsync(TokenizerApp.Build, $"--Magvit:ModelPath={folder.Path}", "--Magvit:ShutdownTimeout=00:00:20");
        var readiness = host.App.Services.GetRequiredService<ModelReadiness>();

        // A stream that has not sent its header yet is admitted without the model and keeps the server draining.
        using var cancel = new CancellationTokenSource();
        using var call = new TokenizerService.TokenizerServiceClient(host.Channel).Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout), cancellationToken: cancel.Token);
        await WaitUntilAsync(() => host.Admission.Active == 1, "the stream to be admitted");
        var stopping = host.App.StopAsync();
        await WaitUntilAsync(() => host.App.Lifetime.ApplicationStopping.IsCancellationRequested, "shutdown to begin");

        await folder.FeedAsync();

        // The load finishes while the server still drains: it must not report SERVING now.
        var state = await WaitForStateAsync(readiness, s => s != "shutting down");
        Assert.Equal("stopped before the model loaded", state);
        Assert.False(readiness.IsReady);
        Assert.False(stopping.IsCompleted, "shutdown did not wait for the running stream");
        await cancel.CancelAsync();
        await stopping.WaitAsync(ServiceHost.Timeout);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + ServiceHost.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }

    private static async Task<string> WaitForStateAsync(ModelReadiness readiness, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + ServiceHost.Timeout;
        while (true)
        {
            var state = (await readiness.CheckHealthAsync(new HealthCheckContext()).WaitAsync(ServiceHost.Timeout)).Description ?? string.Empty;
            if (done(state) || DateTime.UtcNow > deadline)
            {
                return state;
            }

            await Task.Delay(10);
        }
    }

    private static async Task<ServingStatus> CheckAsync(GrpcChannel channel, string service)
        => (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(5))
            .ResponseAsync.WaitAsync(ServiceHost.Timeout)).Status;

    private static async Task<HealthReport> WaitForHealthAsync(HealthCheckService health, HealthStatus wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var report = await health.CheckHealthAsync().WaitAsync(ServiceHost.Timeout);
            if (report.Status == wanted || DateTime.UtcNow > deadline)
            {
                Assert.Equal(wanted, report.Status);
                return report;
            }

            await Task.Delay(20);
        }
    }
}
