using Grpc.Core;

namespace Magvit.Client;

/// <summary>
/// The client stopped calling a service for a while after repeated UNAVAILABLE or INTERNAL failures (its circuit
/// breaker is open): the call failed fast, without reaching the server. Try again after <see cref="MagvitClientException.RetryAfter"/>.
/// </summary>
public sealed class MagvitCircuitOpenException : MagvitClientException
{
    /// <summary>The circuit of <paramref name="service"/> is open for about <paramref name="retryAfter"/> more.</summary>
    public MagvitCircuitOpenException(string service, TimeSpan? retryAfter, Exception innerException)
        : base(StatusCode.Unavailable, $"The {service} circuit is open after repeated failures: calls fail fast{(retryAfter is { } after ? $" for another {after.TotalSeconds:0.###} s" : string.Empty)}.", innerException)
        => RetryAfter = retryAfter;

    /// <summary>An open circuit; prefer the service-naming constructor.</summary>
    public MagvitCircuitOpenException()
        : base(StatusCode.Unavailable, "The circuit is open after repeated failures: calls fail fast.")
    {
    }

    /// <summary>An open circuit; prefer the service-naming constructor.</summary>
    public MagvitCircuitOpenException(string message)
        : base(StatusCode.Unavailable, message)
    {
    }

    /// <summary>An open circuit; prefer the service-naming constructor.</summary>
    public MagvitCircuitOpenException(string message, Exception innerException)
        : base(StatusCode.Unavailable, message, innerException)
    {
    }
}
