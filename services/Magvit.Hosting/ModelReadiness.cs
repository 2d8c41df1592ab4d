using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Magvit.Hosting;

/// <summary>
/// The service's readiness: NOT_SERVING until the model is loaded and its numerics self-check passed, then SERVING;
/// NOT_SERVING again once shutdown begins (so load balancers stop sending new streams while old ones drain).
/// </summary>
public sealed class ModelReadiness : IHealthCheck
{
    private volatile string state = "loading model";
    private volatile bool ready;

    /// <summary>Whether new work is accepted.</summary>
    public bool IsReady => ready;

    /// <summary>Marks the service ready.</summary>
    public void SetReady() => (state, ready) = ("ready", true);

    /// <summary>Marks the service not ready, with the reason health checks report.</summary>
    public void SetNotReady(string reason) => (state, ready) = (reason, false);

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(ready ? HealthCheckResult.Healthy(state) : HealthCheckResult.Unhealthy(state));
}
