using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Magvit.Client.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Magvit.Client.Channels;

/// <summary>
/// Everything a client needs to call one service: its channel (created on first use, so an unset address fails only
/// when that service is needed), the resilience pipelines, the options and a logger.
/// </summary>
internal sealed class ServiceConnection : IDisposable
{
    private readonly Lazy<(GrpcChannel Channel, IDisposable? Owned, CallInvoker Invoker)> channel;

    public ServiceConnection(string service, string? address, MagvitClientOptions options, ILoggerFactory? loggerFactory)
    {
        Service = service;
        Options = options;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger($"Magvit.Client.{char.ToUpperInvariant(service[0])}{service[1..]}");
        UnaryPipeline = ResiliencePipelines.Unary(service, options);
        ReopenPipeline = ResiliencePipelines.Reopen(service, options.Resume, options.TimeProvider);
        channel = new Lazy<(GrpcChannel, IDisposable?, CallInvoker)>(() =>
        {
            var target = address ?? throw new InvalidOperationException($"No {service} address is configured (MagvitClientOptions.{char.ToUpperInvariant(service[0])}{service[1..]}Address).");
            var (created, owned) = ChannelFactory.Create(target, options.Channel, loggerFactory);
            return (created, owned, created.Intercept(new ResilienceInterceptor(UnaryPipeline)));
        });
    }

    /// <summary>The service's name in messages: tokenizer, detokenizer or generator.</summary>
    public string Service { get; }

    public MagvitClientOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>Retries, circuit breaker and attempt timeout of unary calls.</summary>
    public ResiliencePipeline UnaryPipeline { get; }

    /// <summary>Retries of opening a stream.</summary>
    public ResiliencePipeline ReopenPipeline { get; }

    /// <summary>The channel's call invoker with the resilience interceptor.</summary>
    /// <exception cref="InvalidOperationException">The service's address is not configured.</exception>
    public CallInvoker Invoker => channel.Value.Invoker;

    /// <summary>
    /// Runs one unary call with the unary deadline (spanning its retries) and maps its failure to what the caller
    /// sees: a <see cref="MagvitClientException"/>, or an <see cref="OperationCanceledException"/> for its own cancellation.
    /// </summary>
    public async Task<TResult> UnaryAsync<TResponse, TResult>(
        Func<CallInvoker, CallOptions, AsyncUnaryCall<TResponse>> start, Func<TResponse, TResult> map, CancellationToken cancellationToken)
    {
        try
        {
            using var call = start(Invoker, new CallOptions(deadline: DateTime.UtcNow + Options.UnaryTimeout, cancellationToken: cancellationToken));
            return map(await call.ResponseAsync.ConfigureAwait(false));
        }
        catch (Exception e) when (RpcErrors.ToClientException(e, Service, cancellationToken) is var mapped && !ReferenceEquals(mapped, e))
        {
            throw mapped;
        }
    }

    public void Dispose()
    {
        if (channel.IsValueCreated)
        {
            channel.Value.Channel.Dispose();
            channel.Value.Owned?.Dispose();
        }
    }
}
