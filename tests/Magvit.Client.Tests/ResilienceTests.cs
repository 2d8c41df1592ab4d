using System.Diagnostics;
using Grpc.Core;
using Magvit.Client.Resilience;
using Magvit.Client.Tests.Support;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;

namespace Magvit.Client.Tests;

/// <summary>
/// Unary resilience against a scripted server on loopback: which statuses are retried (and how long the client waits),
/// attempt timeouts and deadlines, and the circuit breaker opening, failing fast and half-opening.
/// </summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private ScriptedTokenizer server = null!;

    public async Task InitializeAsync() => server = await ScriptedTokenizer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public void UnaryPipeline_Composition_RetryThenCircuitBreakerThenAttemptTimeout()
    {
        using var clients = Clients();

        var descriptor = clients.Connection("tokenizer").UnaryPipeline.GetPipelineDescriptor();

        Assert.Collection(
            descriptor.Strategies,
            s => Assert.Equal(3, Assert.IsType<RetryStrategyOptions>(s.Options).MaxRetryAttempts),
            s => Assert.Equal(5, Assert.IsType<CircuitBreakerStrategyOptions>(s.Options).MinimumThroughput),
            s => Assert.Equal(TimeSpan.FromSeconds(2), Assert.IsType<TimeoutStrategyOptions>(s.Options).Timeout));
        Assert.Equal(
            [ResiliencePipelines.RetryName, ResiliencePipelines.CircuitBreakerName, ResiliencePipelines.AttemptTimeoutName],
            descriptor.Strategies.Select(s => s.Options?.Name));
    }

    [Fact]
    public void UnaryPipeline_EachPartDisabled_IsLeftOut()
    {
        using var clients = Clients(o => (o.Retry.Enabled, o.CircuitBreaker.Enabled, o.Retry.AttemptTimeout) = (false, false, null));

        Assert.Empty(clients.Connection("tokenizer").UnaryPipeline.GetPipelineDescriptor().Strategies);
    }

    [Fact]
    public async Task Unary_UnavailableTwice_RetriedUntilItSucceeds()
    {
        using var clients = Clients();
        server.Steps.Repeat(new(StatusCode.Unavailable), 2);

        var info = await clients.Tokenizer.GetModelInfoAsync().Within();

        Assert.Equal("scripted", info.Identity.ModelId);
        Assert.Equal(3, server.Steps.Calls);
    }

    [Fact]
    public async Task Unary_ResourceExhaustedWithRetryInfo_WaitsAtLeastTheServersDelay()
    {
        using var clients = Clients();
        server.Steps.Then(new(StatusCode.ResourceExhausted, RetryAfter: TimeSpan.FromMilliseconds(400)));
        var clock = Stopwatch.StartNew();

        await clients.Tokenizer.GetModelInfoAsync().Within();

        Assert.Equal(2, server.Steps.Calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"Retried after {clock.Elapsed.TotalMilliseconds} ms; the server asked for 400.");
    }

    [Fact]
    public async Task Unary_InvalidArgument_NotRetriedAndFieldViolationsSurface()
    {
        using var clients = Clients();
        server.Steps.Then(new(StatusCode.InvalidArgument));

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => clients.Tokenizer.GetModelInfoAsync().Within());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal([new FieldViolation("scripted.field", "is wrong")], error.FieldViolations);
        Assert.Equal(1, server.Steps.Calls);
    }

    [Fact]
    public async Task Unary_UnavailableBeyondTheRetries_FailsWithUnavailableAfterEveryAttempt()
    {
        using var clients = Clients(o => o.CircuitBreaker.Enabled = false);
        server.Steps.Repeat(new(StatusCode.Unavailable), 4);

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => clients.Tokenizer.GetModelInfoAsync().Within());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(4, server.Steps.Calls);
    }

    [Fact]
    public async Task Unary_AttemptTimesOut_RetriedWithinTheCallsDeadline()
    {
        using var clients = Clients(o => o.Retry.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        server.Steps.Then(new(StatusCode.OK, Delay: TimeSpan.FromSeconds(5)));
        var clock = Stopwatch.StartNew();

        await clients.Tokenizer.GetModelInfoAsync().Within();

        Assert.Equal(2, server.Steps.Calls);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"The slow attempt was not cut short: {clock.Elapsed}.");
    }

    [Fact]
    public async Task Unary_ServerSlowerThanTheDeadline_DeadlineExceeded()
    {
        using var clients = Clients(o => (o.UnaryTimeout, o.Retry.AttemptTimeout) = (TimeSpan.FromMilliseconds(300), null));
        server.Steps.Then(new(StatusCode.OK, Delay: TimeSpan.FromSeconds(5)));

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => clients.Tokenizer.GetModelInfoAsync().Within());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Unary_CallerCancels_OperationCanceledNotRetried()
    {
        using var clients = Clients();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        server.Steps.Then(new(StatusCode.OK, Delay: TimeSpan.FromSeconds(5)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => clients.Tokenizer.GetModelInfoAsync(cancel.Token).Within());

        Assert.Equal(1, server.Steps.Calls);
    }

    [Fact]
    public async Task CircuitBreaker_RepeatedUnavailable_OpensFailsFastThenHalfOpensAndCloses()
    {
        using var clients = Clients(QuickBreaker);
        server.Steps.Repeat(new(StatusCode.Unavailable), 2);
        await Assert.ThrowsAsync<MagvitClientException>(() => clients.Tokenizer.GetModelInfoAsync().Within());
        await Assert.ThrowsAsync<MagvitClientException>(() => clients.Tokenizer.GetModelInfoAsync().Within());

        // Open: the next call fails at once, without reaching the server.
        var open = await Assert.ThrowsAsync<MagvitCircuitOpenException>(() => clients.Tokenizer.GetModelInfoAsync().Within());
        Assert.Equal(2, server.Steps.Calls);
        Assert.Equal(StatusCode.Unavailable, open.StatusCode);
        Assert.IsType<BrokenCircuitException>(open.InnerException);

        // After the break: one trial call goes through (half-open), succeeds and closes the circuit.
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        await clients.Tokenizer.GetModelInfoAsync().Within();
        await clients.Tokenizer.GetModelInfoAsync().Within();
        Assert.Equal(4, server.Steps.Calls);
    }

    [Fact]
    public async Task CircuitBreaker_InvalidArgument_NeverOpensIt()
    {
        using var clients = Clients(QuickBreaker);
        server.Steps.Repeat(new(StatusCode.InvalidArgument), 4);

        for (var i = 0; i < 4; i++)
        {
            var error = await Assert.ThrowsAsync<MagvitClientException>(() => clients.Tokenizer.GetModelInfoAsync().Within());
            Assert.IsNotType<MagvitCircuitOpenException>(error);
        }

        await clients.Tokenizer.GetModelInfoAsync().Within();
    }

    /// <summary>Opens after two failed calls, for half a second (Polly's shortest break).</summary>
    private static void QuickBreaker(MagvitClientOptions options)
    {
        options.Retry.Enabled = false;
        options.CircuitBreaker.MinimumThroughput = 2;
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(5);
        options.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
    }

    private MagvitClients Clients(Action<MagvitClientOptions>? configure = null) => new(TestOptions.For(server.Address, null, null, o =>
    {
        o.Retry.AttemptTimeout = TimeSpan.FromSeconds(2);
        configure?.Invoke(o);
    }));
}
