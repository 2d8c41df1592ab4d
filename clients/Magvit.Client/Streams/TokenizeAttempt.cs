using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>One Tokenize call: header out, the server's token header in, then frames out and token chunks in.</summary>
internal sealed class TokenizeAttempt : StreamAttempt<TokenFrame>
{
    private readonly AsyncDuplexStreamingCall<TokenizeRequest, TokenizeResponse> call;
    private readonly Action<StreamSummary> onSummary;
    private TokenChunkReader reader = null!;

    private TokenizeAttempt(ServiceConnection connection, DateTime deadline, Action<StreamSummary> onSummary, CancellationToken lifetime)
        : base(connection.Service, connection.Options.StreamIdleTimeout, connection.Options.TimeProvider, lifetime)
    {
        this.onSummary = onSummary;
        var client = new TokenizerService.TokenizerServiceClient(connection.Invoker);
        call = client.Tokenize(new CallOptions(deadline: deadline, cancellationToken: Token));
        Own(call);
    }

    /// <summary>The server's token header (the same on every call of a stream).</summary>
    public TokenHeader Header { get; private set; } = null!;

    private StreamSummary? Summary { get; set; }

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
            if (!await attempt.call.ResponseStream.MoveNext(attempt.Token).ConfigureAwait(false)
                || attempt.call.ResponseStream.Current.PayloadCase != TokenizeResponse.PayloadOneofCase.Header)
            {
                throw attempt.Broken("the first response is not the token header");
            }

            attempt.Touch();
            attempt.Header = attempt.call.ResponseStream.Current.Header;
            attempt.reader = new TokenChunkReader(attempt.Header, header.StartLatentFrame);
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
    public override async ValueTask<(bool Has, TokenFrame? Item)> ReadAsync()
    {
        while (reader.Pending == 0)
        {
            if (!await call.ResponseStream.MoveNext(Token).ConfigureAwait(false))
            {
                if (Summary is null)
                {
                    throw Broken("the stream ended without a summary");
                }

                onSummary(Summary);
                return (false, null);
            }

            Touch();
            var message = call.ResponseStream.Current;
            switch (message.PayloadCase)
            {
                case TokenizeResponse.PayloadOneofCase.Tokens when Summary is null:
                    if (reader.Accept(message.Tokens) is { } problem)
                    {
                        throw Broken(problem);
                    }

                    break;
                case TokenizeResponse.PayloadOneofCase.Summary when Summary is null:
                    Summary = message.Summary;
                    break;
                default:
                    throw Broken($"a {message.PayloadCase} message arrived out of place");
            }
        }

        return (true, reader.Take());
    }
}
