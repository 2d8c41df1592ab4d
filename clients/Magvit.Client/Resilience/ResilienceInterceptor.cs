using Grpc.Core;
using Grpc.Core.Interceptors;
using Polly;

namespace Magvit.Client.Resilience;

/// <summary>
/// Runs every unary call through a Polly pipeline (retries, circuit breaker, attempt timeout). It sits on the gRPC
/// channel rather than the HTTP handler because a gRPC failure is an HTTP 200 whose status comes in the trailers.
/// Streaming calls pass through: a stream cannot be replayed from here once messages flowed; the facade resumes them.
/// </summary>
internal sealed class ResilienceInterceptor(ResiliencePipeline pipeline) : Interceptor
{
    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var attempts = new Attempts<TResponse>();
        var callerToken = context.Options.CancellationToken;
        var response = pipeline.ExecuteAsync(
            async (state, token) =>
            {
                // Each attempt is a new call with the same deadline (the call's whole budget) and a token that Polly's
                // attempt timeout cancels.
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, state.CallerToken);
                var call = state.Continuation(state.Request, new ClientInterceptorContext<TRequest, TResponse>(
                    state.Context.Method, state.Context.Host, state.Context.Options.WithCancellationToken(linked.Token)));
                state.Attempts.Add(call);
                try
                {
                    return await call.ResponseAsync.ConfigureAwait(false);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && token.IsCancellationRequested && !state.CallerToken.IsCancellationRequested)
                {
                    // Polly's timeout cancelled this attempt: it recognises that only as an OperationCanceledException.
                    throw new OperationCanceledException(e.Status.Detail, e, token);
                }
            },
            (Request: request, Context: context, Continuation: continuation, CallerToken: callerToken, Attempts: attempts),
            callerToken).AsTask();

        return new AsyncUnaryCall<TResponse>(
            response,
            _ => attempts.Last.ResponseHeadersAsync,
            _ => attempts.Last.GetStatus(),
            _ => attempts.Last.GetTrailers(),
            _ => attempts.Dispose(),
            attempts);
    }

    /// <summary>The attempts of one call: headers, status and trailers are the last one's; all are disposed together.</summary>
    private sealed class Attempts<TResponse>
    {
        private readonly List<AsyncUnaryCall<TResponse>> calls = [];

        public AsyncUnaryCall<TResponse> Last
        {
            get
            {
                lock (calls)
                {
                    return calls.Count > 0 ? calls[^1] : throw new InvalidOperationException("The call has not started: the circuit breaker rejected it.");
                }
            }
        }

        public void Add(AsyncUnaryCall<TResponse> call)
        {
            lock (calls)
            {
                calls.Add(call);
            }
        }

        public void Dispose()
        {
            lock (calls)
            {
                calls.ForEach(c => c.Dispose());
            }
        }
    }
}
