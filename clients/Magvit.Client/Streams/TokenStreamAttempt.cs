using Grpc.Core;
using Magvit.Client.Channels;
using Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>
/// What Tokenize and Generate calls share on the receiving side: the server's token header first, then token chunks
/// (checked and split into latent frames by a <see cref="TokenChunkReader"/>), then one summary, in that order only.
/// </summary>
/// <typeparam name="TResponse">The call's response message.</typeparam>
/// <typeparam name="TSummary">The call's summary message.</typeparam>
internal abstract class TokenStreamAttempt<TResponse, TSummary> : StreamAttempt<TokenFrame>
    where TSummary : class
{
    private readonly Action<TSummary> onSummary;
    private TokenChunkReader reader = null!;
    private TSummary? summary;

    protected TokenStreamAttempt(ServiceConnection connection, Action<TSummary> onSummary, CancellationToken lifetime)
        : base(connection.Service, connection.Options.StreamIdleTimeout, connection.Options.TimeProvider, lifetime)
        => this.onSummary = onSummary;

    /// <summary>The server's token header (the same on every call of a stream).</summary>
    public TokenHeader Header { get; private set; } = null!;

    /// <summary>The call's response stream.</summary>
    protected abstract IAsyncStreamReader<TResponse> Responses { get; }

    /// <inheritdoc />
    public override async ValueTask<(bool Has, TokenFrame? Item)> ReadAsync()
    {
        while (reader.Pending == 0)
        {
            if (!await Responses.MoveNext(Token).ConfigureAwait(false))
            {
                if (summary is null)
                {
                    throw Broken("the stream ended without a summary");
                }

                onSummary(summary);
                return (false, null);
            }

            Touch();
            var message = Read(Responses.Current);
            switch (message)
            {
                case { Chunk: { } chunk } when summary is null:
                    if (reader.Accept(chunk) is { } problem)
                    {
                        throw Broken(problem);
                    }

                    break;
                case { Summary: { } last } when summary is null:
                    summary = last;
                    break;
                case { Skip: true } when summary is null:
                    break;
                default:
                    throw Broken($"a {message.Kind} message arrived out of place");
            }
        }

        return (true, reader.Take());
    }

    /// <summary>Reads the first response, which must be the token header; chunks before <paramref name="startLatentFrame"/> are not expected.</summary>
    protected async Task ReadHeaderAsync(ulong startLatentFrame)
    {
        if (!await Responses.MoveNext(Token).ConfigureAwait(false) || Read(Responses.Current).Header is not { } header)
        {
            throw Broken("the first response is not the token header");
        }

        Touch();
        Header = header;
        reader = new TokenChunkReader(header, startLatentFrame);
    }

    /// <summary>What <paramref name="response"/> carries.</summary>
    protected abstract ResponsePart Read(TResponse response);

    /// <summary>One response, by payload: at most one of header, chunk, summary; Skip for payloads this facade does not use.</summary>
    protected readonly record struct ResponsePart(string Kind, TokenHeader? Header = null, TokenChunk? Chunk = null, TSummary? Summary = null, bool Skip = false);
}
