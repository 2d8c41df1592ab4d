using Grpc.Core;

namespace Magvit.Services.Tests;

/// <summary>Plays a whole bidirectional stream: every request, half-close, then every response until the status.</summary>
internal static class DuplexCall
{
    /// <summary>
    /// Writes <paramref name="requests"/>, half-closes and reads the responses to the end. A server that fails early
    /// may end the call while requests are still being written; its status then comes from the response stream.
    /// </summary>
    /// <exception cref="RpcException">The call ended with a non-OK status.</exception>
    public static async Task<List<TResponse>> ExchangeAsync<TRequest, TResponse>(AsyncDuplexStreamingCall<TRequest, TResponse> call, IEnumerable<TRequest> requests)
    {
        try
        {
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request).WaitAsync(ServiceHost.Timeout);
            }

            await call.RequestStream.CompleteAsync().WaitAsync(ServiceHost.Timeout);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // The server has ended the call; the response stream reports how.
        }

        var responses = new List<TResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout))
        {
            responses.Add(call.ResponseStream.Current);
        }

        return responses;
    }
}
