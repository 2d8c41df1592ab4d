using Google.Rpc;
using Grpc.Core;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Magvit.Client.Resilience;

/// <summary>
/// What a failure means to the client: whether a retry or a resume can help, how long the server asked to wait, and
/// the exception the caller sees (a <see cref="MagvitClientException"/>, or its own cancellation).
/// </summary>
internal static class RpcErrors
{
    /// <summary>Statuses a retry or a resume can change: the server is away (or restarting) or momentarily full.</summary>
    public static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.ResourceExhausted;

    /// <summary>The google.rpc.RetryInfo delay of a rich status, when the server sent one.</summary>
    public static TimeSpan? RetryAfter(RpcException exception)
    {
        try
        {
            return exception.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // A malformed status detail is the server's mistake; the client falls back to its own back-off.
            return null;
        }
    }

    /// <summary>
    /// The back-off before retry <paramref name="attempt"/> (0 = the first): <paramref name="initial"/>·2^attempt up
    /// to <paramref name="max"/>, and at least what the server asked for.
    /// </summary>
    public static TimeSpan Backoff(int attempt, TimeSpan initial, TimeSpan max, TimeSpan? serverDelay)
    {
        var exponential = initial * Math.Pow(2, Math.Min(attempt, 30));
        var delay = exponential < max ? exponential : max;
        return serverDelay is { } asked && asked > delay ? asked : delay;
    }

    /// <summary>
    /// The exception the caller sees for <paramref name="exception"/> from a call to <paramref name="service"/>:
    /// cancellation by <paramref name="cancellation"/> stays an <see cref="OperationCanceledException"/>; gRPC and
    /// Polly failures become <see cref="MagvitClientException"/>s; anything else (a caller's own exception) is kept.
    /// </summary>
    public static Exception ToClientException(Exception exception, string service, CancellationToken cancellation) => exception switch
    {
        MagvitClientException => exception,
        OperationCanceledException when cancellation.IsCancellationRequested => exception,
        RpcException { StatusCode: StatusCode.Cancelled } when cancellation.IsCancellationRequested
            => new OperationCanceledException($"The {service} call was cancelled.", exception, cancellation),
        BrokenCircuitException broken => new MagvitCircuitOpenException(service, broken.RetryAfter, broken),
        TimeoutRejectedException timeout
            => new MagvitClientException(StatusCode.DeadlineExceeded, $"Every {service} attempt timed out (after {timeout.Timeout.TotalSeconds:0.###} s each).", timeout),
        RpcException rpc => FromRpc(rpc, service),
        _ => exception,
    };

    private static MagvitClientException FromRpc(RpcException rpc, string service)
    {
        var violations = Array.Empty<FieldViolation>();
        try
        {
            violations = rpc.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => new FieldViolation(v.Field, v.Description)).ToArray() ?? [];
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // Malformed details: the status code and message still say what happened.
        }

        var detail = string.IsNullOrEmpty(rpc.Status.Detail) ? rpc.StatusCode.ToString() : rpc.Status.Detail;
        return new MagvitClientException(rpc.StatusCode, $"{service}: {rpc.StatusCode}: {detail}", rpc)
        {
            FieldViolations = violations,
            RetryAfter = RetryAfter(rpc),
        };
    }
}
