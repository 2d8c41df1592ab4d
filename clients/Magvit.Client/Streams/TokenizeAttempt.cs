using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>One Tokenize call: header out, the server's token header in, then frames out and token chunks in.</summary>
internal sealed class TokenizeAttempt : TokenStreamAttempt<TokenizeResponse, StreamSummary>
{
    private readonly AsyncDuplexStreamingCall<TokenizeRequest, TokenizeResponse> call;

    private TokenizeAttempt(ServiceConnection connection, DateTime deadline, Action<StreamSummary> onSummary, CancellationToken lifetime)
        : base(connection, onSummary, lifetime)
    {
        var client = new TokenizerService.TokenizerServiceClient(connection.Invoker);
        call = client.Tokenize(new CallOptions(deadline: deadline, cancellationToken: Token));
        Own(call);
    }

    /// <inheritdoc />
    protected override IAsyncStreamReader<TokenizeResponse> Responses => call.ResponseStream;

    /// <summary>
    /// Opens a call with <paramref name="header"/>, reads the server's token header, then starts
    /// <paramref name="writeFrames"/> (the frames from frame 0 on, then the half-close). <paramref name="onSummary"/>
    /// receives the summary if this call ends the stream.
    /// </summary>
    public static async Task<TokenizeAttempt> StartAsync(
        ServiceConnection connection,
        TokenizeHeader header,
        DateTime deadline,
        Func<IClientStreamWriter<TokenizeRequest>, Action, CancellationToken, Task> writeFrames,
        Action<StreamSummary> onSummary,
        CancellationToken lifetime)
    {
        var attempt = new TokenizeAttempt(connection, deadline, onSummary, lifetime);
        try
        {
            await attempt.call.RequestStream.WriteAsync(new TokenizeRequest { Header = header }, attempt.Token).ConfigureAwait(false);
            await attempt.ReadHeaderAsync(header.StartLatentFrame).ConfigureAwait(false);
            attempt.StartWriter(token => writeFrames(attempt.call.RequestStream, attempt.Touch, token));
            return attempt;
        }
        catch
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override ResponsePart Read(TokenizeResponse response) => response.PayloadCase switch
    {
        TokenizeResponse.PayloadOneofCase.Header => new("Header", Header: response.Header),
        TokenizeResponse.PayloadOneofCase.Tokens => new("Tokens", Chunk: response.Tokens),
        TokenizeResponse.PayloadOneofCase.Summary => new("Summary", Summary: response.Summary),
        _ => new(response.PayloadCase.ToString()),
    };
}
