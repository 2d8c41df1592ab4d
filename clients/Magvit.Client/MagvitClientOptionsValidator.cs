using Microsoft.Extensions.Options;

namespace Magvit.Client;

/// <summary>Checks <see cref="MagvitClientOptions"/>: addresses that parse, positive timeouts and sizes, Polly's ranges.</summary>
public sealed class MagvitClientOptionsValidator : IValidateOptions<MagvitClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MagvitClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Failures(MagvitClientOptions o)
    {
        foreach (var (field, address) in new[] { ("TokenizerAddress", o.TokenizerAddress), ("DetokenizerAddress", o.DetokenizerAddress), ("GeneratorAddress", o.GeneratorAddress) })
        {
            if (address is not null && !(Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "dns"))
            {
                yield return $"{field} '{address}' must be an absolute http://, https:// or dns:/// address.";
            }
        }

        foreach (var (field, value) in new[] { ("UnaryTimeout", o.UnaryTimeout), ("StreamTimeout", o.StreamTimeout), ("Channel.ConnectTimeout", o.Channel.ConnectTimeout), ("Channel.KeepAlivePingDelay", o.Channel.KeepAlivePingDelay), ("Channel.KeepAlivePingTimeout", o.Channel.KeepAlivePingTimeout), ("Channel.InitialReconnectBackoff", o.Channel.InitialReconnectBackoff), ("Channel.MaxReconnectBackoff", o.Channel.MaxReconnectBackoff), ("Channel.DnsRefreshInterval", o.Channel.DnsRefreshInterval), ("Retry.InitialDelay", o.Retry.InitialDelay), ("Retry.MaxDelay", o.Retry.MaxDelay), ("Resume.InitialDelay", o.Resume.InitialDelay), ("Resume.MaxDelay", o.Resume.MaxDelay) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{field} must be positive, got {value}.";
            }
        }

        if (o.StreamIdleTimeout <= TimeSpan.Zero && o.StreamIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            yield return $"StreamIdleTimeout must be positive or Timeout.InfiniteTimeSpan, got {o.StreamIdleTimeout}.";
        }

        if (o.Retry.AttemptTimeout is { } attempt && (attempt < TimeSpan.FromMilliseconds(10) || attempt > TimeSpan.FromDays(1)))
        {
            yield return $"Retry.AttemptTimeout must lie in 10 ms … 1 day (Polly's range), got {attempt}.";
        }

        foreach (var (field, value, min) in new[] { ("Retry.MaxRetries", o.Retry.MaxRetries, 1), ("Resume.MaxResumes", o.Resume.MaxResumes, 0), ("Resume.MaxReopenRetries", o.Resume.MaxReopenRetries, 1), ("Resume.MaxReplayFrames", o.Resume.MaxReplayFrames, 0), ("Resume.MaxReplayLatentFrames", o.Resume.MaxReplayLatentFrames, 0), ("PipelineCapacity", o.PipelineCapacity, 1), ("Channel.MaxSendMessageBytes", o.Channel.MaxSendMessageBytes, 1), ("Channel.MaxReceiveMessageBytes", o.Channel.MaxReceiveMessageBytes, 1) })
        {
            if (value < min)
            {
                yield return $"{field} must be at least {min}, got {value}.";
            }
        }

        var breaker = o.CircuitBreaker;
        if (!(breaker.FailureRatio > 0 && breaker.FailureRatio <= 1))
        {
            yield return $"CircuitBreaker.FailureRatio must lie in (0, 1], got {breaker.FailureRatio}.";
        }

        if (breaker.MinimumThroughput < 2)
        {
            yield return $"CircuitBreaker.MinimumThroughput must be at least 2 (Polly's minimum), got {breaker.MinimumThroughput}.";
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return "CircuitBreaker.SamplingDuration and BreakDuration must be at least 0.5 s (Polly's minimum).";
        }
    }
}
