using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Magvit.Runtime;

namespace Magvit.Hosting;

/// <summary>
/// The one place exceptions become gRPC statuses. Bad input → INVALID_ARGUMENT with google.rpc.BadRequest field
/// violations; a full queue or too many streams → RESOURCE_EXHAUSTED; not loaded → UNAVAILABLE; cancellation or a
/// stream the client reset → CANCELLED or DEADLINE_EXCEEDED; anything else → INTERNAL with an error id (details stay
/// in the server log).
/// </summary>
public static class StatusMapping
{
    /// <summary>The status for <paramref name="exception"/>; <paramref name="errorId"/> is quoted for INTERNAL.</summary>
    public static RpcException ToRpcException(Exception exception, ServerCallContext context, string errorId) => exception switch
    {
        RpcException rpc => rpc,
        RequestValidationException invalid => BadRequest(invalid.Message, invalid.Violations),
        ArgumentException argument => BadRequest(argument.Message, [(argument.ParamName ?? "request", RequestValidationException.Describe(argument))]),
        QueueFullException or StreamLimitException => Simple(Code.ResourceExhausted, exception.Message, retryAfter: TimeSpan.FromMilliseconds(100)),
        ServiceNotReadyException => Simple(Code.Unavailable, exception.Message),
        OperationCanceledException or IOException when context.Deadline <= DateTime.UtcNow => Simple(Code.DeadlineExceeded, "The deadline passed before the work finished."),
        OperationCanceledException => Simple(Code.Cancelled, "The call was cancelled."),

        // A client that cancels or goes away resets its HTTP/2 stream, and reading the request then fails with an
        // IOException, often before Kestrel has cancelled the call's token: the caller ended the call, nothing failed.
        IOException => Simple(Code.Cancelled, "The call was cancelled: the client reset or aborted its stream."),
        _ => Simple(Code.Internal, $"Internal error {errorId}; the server log has the details."),
    };

    private static RpcException BadRequest(string message, IReadOnlyList<(string Field, string Description)> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = Truncate(message), Details = { Any.Pack(badRequest) } };
        return status.ToRpcException();
    }

    private static RpcException Simple(Code code, string message, TimeSpan? retryAfter = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = Truncate(message) };
        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status.ToRpcException();
    }

    /// <summary>Status details travel in trailers (often capped at 8 KiB): keep messages short.</summary>
    private static string Truncate(string message) => message.Length <= 1024 ? message : message[..1021] + "...";
}
