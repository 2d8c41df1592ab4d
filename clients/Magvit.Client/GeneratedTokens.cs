using Magvit.Client.Streams;

namespace Magvit.Client;

/// <summary>
/// A generation's tokens: the header at once, then the prompt's latent frames (echoed unchanged), then each generated
/// latent frame as soon as it is final. A stream that breaks resumes on its own with the same seed, so the caller sees
/// the tokens of an uninterrupted generation. Read it once; dispose it to end it early.
/// </summary>
public sealed class GeneratedTokens : IAsyncDisposable
{
    private readonly GenerateSession session;

    internal GeneratedTokens(GenerateSession session, ulong seed, int promptLatentFrames)
        => (this.session, Seed, PromptLatentFrames) = (session, seed, promptLatentFrames);

    /// <summary>The tokens' header (latent frames: prompt + generated).</summary>
    public TokenStreamHeader Header => session.Header;

    /// <summary>The sampler's seed: the caller's, or the one the client chose; the same seed reproduces the tokens.</summary>
    public ulong Seed { get; }

    /// <summary>Latent frames of the prompt at the start of the stream.</summary>
    public int PromptLatentFrames { get; }

    /// <summary>The id the stream carries on every call.</summary>
    public string StreamId => session.StreamId;

    /// <summary>Breaks the stream survived so far.</summary>
    public int Resumes => session.Resumes;

    /// <summary>The generator's report, once the stream has been read to its end.</summary>
    public GenerationReport? Report => session.Report;

    /// <summary>The latent frames, prompt first, in order. Cancelling <paramref name="cancellationToken"/> stops the generation.</summary>
    /// <exception cref="MagvitClientException">The stream failed (after any resumes).</exception>
    public IAsyncEnumerable<TokenFrame> ReadAllAsync(CancellationToken cancellationToken = default) => session.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => session.DisposeAsync();
}
