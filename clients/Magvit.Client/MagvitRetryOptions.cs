namespace Magvit.Client;

/// <summary>
/// Retries of unary calls: on UNAVAILABLE and RESOURCE_EXHAUSTED (never on INVALID_ARGUMENT or other statuses a
/// retry cannot change) and on attempt timeouts, with exponential back-off and jitter; a RESOURCE_EXHAUSTED answer's
/// google.rpc.RetryInfo delay is waited at least. Streams do not retry here: they resume (<see cref="MagvitResumeOptions"/>).
/// </summary>
public sealed class MagvitRetryOptions
{
    /// <summary>False: every call is tried once.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Back-off before the first retry; doubles per retry.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit of one attempt (retried when it passes); null: attempts are bounded by the call's deadline only.</summary>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
