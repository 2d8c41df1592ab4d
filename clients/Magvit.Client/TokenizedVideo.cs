using Magvit.Client.Streams;

namespace Magvit.Client;

/// <summary>
/// A video's tokens as the tokenizer determines them: the header at once, then each latent frame as soon as its last
/// frame has been sent. A stream that breaks (server restarted, connection reset) resumes on its own; the caller sees
/// every latent frame once, in order. Read it once; dispose it to end it early.
/// </summary>
public sealed class TokenizedVideo : IAsyncDisposable
{
    private readonly TokenizeSession session;

    internal TokenizedVideo(TokenizeSession session) => this.session = session;

    /// <summary>The tokens' header.</summary>
    public TokenStreamHeader Header => session.Header;

    /// <summary>The id the stream carries on every call (server logs show it).</summary>
    public string StreamId => session.StreamId;

    /// <summary>Breaks the stream survived so far.</summary>
    public int Resumes => session.Resumes;

    /// <summary>The server's report, once the stream has been read to its end.</summary>
    public StreamReport? Report => session.Report;

    /// <summary>The latent frames, in order. Cancelling <paramref name="cancellationToken"/> ends the stream.</summary>
    /// <exception cref="MagvitClientException">The stream failed (after any resumes).</exception>
    public IAsyncEnumerable<TokenFrame> ReadAllAsync(CancellationToken cancellationToken = default) => session.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => session.DisposeAsync();
}
