using Grpc.Core;

namespace Magvit.Client;

/// <summary>
/// A call to a MagvitGrpc service failed: <see cref="StatusCode"/> says how (INVALID_ARGUMENT with
/// <see cref="FieldViolations"/> for bad input, FAILED_PRECONDITION for tokens of other weights, RESOURCE_EXHAUSTED or
/// UNAVAILABLE once retries and resumes are spent, DEADLINE_EXCEEDED when a deadline or timeout passed). The
/// transport's exception, when there was one, is the <see cref="Exception.InnerException"/>. A caller's own
/// cancellation surfaces as <see cref="OperationCanceledException"/>, not as this.
/// </summary>
public class MagvitClientException : Exception
{
    /// <summary>A failure with status <paramref name="statusCode"/>.</summary>
    public MagvitClientException(StatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
        => StatusCode = statusCode;

    /// <summary>An UNKNOWN failure; prefer the status-naming constructor.</summary>
    public MagvitClientException()
        : this(StatusCode.Unknown, "The MagvitGrpc call failed.")
    {
    }

    /// <summary>An UNKNOWN failure; prefer the status-naming constructor.</summary>
    public MagvitClientException(string message)
        : this(StatusCode.Unknown, message)
    {
    }

    /// <summary>An UNKNOWN failure with a cause; prefer the status-naming constructor.</summary>
    public MagvitClientException(string message, Exception innerException)
        : this(StatusCode.Unknown, message, innerException)
    {
    }

    /// <summary>The gRPC status code of the failure.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>For INVALID_ARGUMENT: the fields the server rejected and why; empty otherwise.</summary>
    public IReadOnlyList<FieldViolation> FieldViolations { get; init; } = [];

    /// <summary>The delay the server asked for before a retry (google.rpc.RetryInfo), when it did.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
