using Grpc.Core;

namespace Magvit.Client;

/// <summary>
/// A stream broke and could not be resumed: the resume budget is spent, the client no longer holds what it would
/// have to send again (more frames than MagvitResumeOptions allows it to keep), or the server now serves a different
/// stream (other weights). <see cref="MagvitClientException.StatusCode"/> is the status of the failure that broke it.
/// </summary>
public sealed class MagvitResumeException : MagvitClientException
{
    /// <summary>A stream that broke with <paramref name="statusCode"/> and cannot resume, for the reason in <paramref name="message"/>.</summary>
    public MagvitResumeException(StatusCode statusCode, string message, Exception? innerException)
        : base(statusCode, message, innerException)
    {
    }

    /// <summary>A stream that cannot resume; prefer the status-naming constructor.</summary>
    public MagvitResumeException()
        : base(StatusCode.Unavailable, "The stream broke and could not be resumed.")
    {
    }

    /// <summary>A stream that cannot resume; prefer the status-naming constructor.</summary>
    public MagvitResumeException(string message)
        : base(StatusCode.Unavailable, message)
    {
    }

    /// <summary>A stream that cannot resume; prefer the status-naming constructor.</summary>
    public MagvitResumeException(string message, Exception innerException)
        : base(StatusCode.Unavailable, message, innerException)
    {
    }
}
