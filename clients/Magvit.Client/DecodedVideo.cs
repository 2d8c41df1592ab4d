using Magvit.Client.Streams;

namespace Magvit.Client;

/// <summary>
/// Decoded frames as the detokenizer produces them: the format at once, then the frames of each latent frame as soon
/// as it decodes. A stream that breaks resumes on its own; the caller sees every frame once, in order. Read it once;
/// dispose it to end it early.
/// </summary>
public sealed class DecodedVideo : IAsyncDisposable
{
    private readonly DetokenizeSession session;

    internal DecodedVideo(DetokenizeSession session) => this.session = session;

    /// <summary>Size of every frame, and their count when the tokens' header knew it.</summary>
    public VideoFormat Format => session.Format;

    /// <summary>The id the stream carries on every call.</summary>
    public string StreamId => session.StreamId;

    /// <summary>Breaks the stream survived so far.</summary>
    public int Resumes => session.Resumes;

    /// <summary>The server's report, once the stream has been read to its end.</summary>
    public StreamReport? Report => session.Report;

    /// <summary>The frames, in order. Cancelling <paramref name="cancellationToken"/> ends the stream.</summary>
    /// <exception cref="MagvitClientException">The stream failed (after any resumes).</exception>
    public IAsyncEnumerable<RgbFrame> ReadAllAsync(CancellationToken cancellationToken = default) => session.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => session.DisposeAsync();
}
