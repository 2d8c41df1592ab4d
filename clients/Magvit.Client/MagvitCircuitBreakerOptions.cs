namespace Magvit.Client;

/// <summary>
/// A circuit breaker per service in front of unary calls: when at least <see cref="FailureRatio"/> of the calls in
/// <see cref="SamplingDuration"/> (and at least <see cref="MinimumThroughput"/> calls) failed with UNAVAILABLE or
/// INTERNAL, calls fail fast with <see cref="MagvitCircuitOpenException"/> for <see cref="BreakDuration"/>; then one
/// trial call goes through (half-open) and closes the circuit again when it succeeds.
/// </summary>
public sealed class MagvitCircuitBreakerOptions
{
    /// <summary>False: no circuit breaker.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Share of failed calls that opens the circuit, (0, 1].</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the sampling window before the ratio counts, ≥ 2.</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The sampling window, ≥ 0.5 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open, ≥ 0.5 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
