using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Magvit.Client.Resilience;

/// <summary>
/// The Polly v8 pipelines of the client. Unary calls: retry (outermost, so every attempt passes the breaker) → circuit
/// breaker → attempt timeout (innermost, so it limits one attempt). Streams: a retry of opening, used when a stream
/// starts and when it resumes.
/// </summary>
internal static class ResiliencePipelines
{
    /// <summary>Strategy names, as Polly's telemetry and the pipeline descriptor report them.</summary>
    public const string RetryName = "retry";

    /// <inheritdoc cref="RetryName"/>
    public const string CircuitBreakerName = "circuit-breaker";

    /// <inheritdoc cref="RetryName"/>
    public const string AttemptTimeoutName = "attempt-timeout";

    /// <inheritdoc cref="RetryName"/>
    public const string ReopenName = "reopen";

    /// <summary>The pipeline around every unary call to <paramref name="service"/> (one per service: one circuit each).</summary>
    public static ResiliencePipeline Unary(string service, MagvitClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder { Name = $"magvit-{service}-unary", TimeProvider = options.TimeProvider };
        var retry = options.Retry;
        if (retry.Enabled)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = RetryName,
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.InitialDelay,
                MaxDelay = retry.MaxDelay,

                // Only what a retry can change: INVALID_ARGUMENT, FAILED_PRECONDITION and the like fail at once.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RpcException { StatusCode: var code } && RpcErrors.IsTransient(code)
                    || args.Outcome.Exception is TimeoutRejectedException),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception, args.AttemptNumber, retry.InitialDelay, retry.MaxDelay)),
            });
        }

        var breaker = options.CircuitBreaker;
        if (breaker.Enabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = CircuitBreakerName,
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,

                // A server that is gone or broken, not one that is busy (RESOURCE_EXHAUSTED) or given bad input.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal }),
            });
        }

        if (retry.AttemptTimeout is { } attempt)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Name = AttemptTimeoutName, Timeout = attempt });
        }

        return builder.Build();
    }

    /// <summary>
    /// The retry of opening a stream (sending its header and reading the server's): a server that is restarting
    /// answers UNAVAILABLE for a while, a full one RESOURCE_EXHAUSTED.
    /// </summary>
    public static ResiliencePipeline Reopen(string service, MagvitResumeOptions resume, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { Name = $"magvit-{service}-reopen", TimeProvider = timeProvider };
        if (resume.Enabled)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = ReopenName,
                MaxRetryAttempts = resume.MaxReopenRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = resume.InitialDelay,
                MaxDelay = resume.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RpcException { StatusCode: var code } && RpcErrors.IsTransient(code)),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception, args.AttemptNumber, resume.InitialDelay, resume.MaxDelay)),
            });
        }

        return builder.Build();
    }

    /// <summary>With a RetryInfo delay, at least that (and the exponential back-off); without, null: Polly's jittered back-off.</summary>
    private static TimeSpan? ServerDelay(Exception? exception, int attempt, TimeSpan initial, TimeSpan max)
        => exception is RpcException rpc && RpcErrors.RetryAfter(rpc) is { } asked ? RpcErrors.Backoff(attempt, initial, max, asked) : null;
}
