namespace Magvit.Client;

/// <summary>
/// Where the services are and how to call them. Addresses are <c>http://host:port</c> (one endpoint) or
/// <c>dns:///service.namespace.svc.cluster.local:port</c> (every address the name resolves to, round robin: a
/// Kubernetes headless service). A client whose address is unset throws when first used. Validated when the clients
/// are built (<see cref="MagvitClientOptionsValidator"/>).
/// </summary>
public sealed class MagvitClientOptions
{
    /// <summary>Configuration section, for binding.</summary>
    public const string Section = "MagvitClient";

    /// <summary>The tokenizer service.</summary>
    public string? TokenizerAddress { get; set; }

    /// <summary>The detokenizer service.</summary>
    public string? DetokenizerAddress { get; set; }

    /// <summary>The generator service.</summary>
    public string? GeneratorAddress { get; set; }

    /// <summary>Deadline of a unary call (GetModelInfo, image calls, Score), all retries included.</summary>
    public TimeSpan UnaryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of a whole stream, resumes included: a bound on a video's processing time.</summary>
    public TimeSpan StreamTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Longest a stream may go without a message in either direction before the client gives up on it
    /// (DEADLINE_EXCEEDED); <see cref="Timeout.InfiniteTimeSpan"/> disables it. A live source slower than this needs a
    /// larger value.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Transport settings shared by the three channels.</summary>
    public MagvitChannelOptions Channel { get; set; } = new();

    /// <summary>Retries of unary calls.</summary>
    public MagvitRetryOptions Retry { get; set; } = new();

    /// <summary>The circuit breaker in front of each service's unary calls.</summary>
    public MagvitCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Resuming broken streams.</summary>
    public MagvitResumeOptions Resume { get; set; } = new();

    /// <summary>Latent frames MagvitPipeline holds between two stages at most (bounded channels).</summary>
    public int PipelineCapacity { get; set; } = 4;

    /// <summary>The clock of retries, timeouts and the circuit breaker (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
