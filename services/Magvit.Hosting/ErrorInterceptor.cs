using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Magvit.Hosting;

/// <summary>Applies <see cref="StatusMapping"/> to every call, logs failures once, and counts them by status code.</summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger, ServiceMetrics metrics) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Map(e, context);
        }
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Map(e, context);
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Map(e, context);
        }
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        var errorId = Guid.NewGuid().ToString("N")[..12];
        var mapped = StatusMapping.ToRpcException(exception, context, errorId);
        metrics.RecordError(context.Method, mapped.StatusCode);
        if (mapped.StatusCode == StatusCode.Internal)
        {
            LogInternal(logger, context.Method, errorId, exception);
        }
        else if (exception is not RpcException)
        {
            LogRejected(logger, context.Method, mapped.StatusCode, mapped.Status.Detail);
        }

        return mapped;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed with internal error {ErrorId}")]
    private static partial void LogInternal(ILogger logger, string method, string errorId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} ended with {Code}: {Detail}")]
    private static partial void LogRejected(ILogger logger, string method, StatusCode code, string detail);
}
