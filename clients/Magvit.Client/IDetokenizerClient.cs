namespace Magvit.Client;

/// <summary>Tokens → frames (the detokenizer service). Every call has a deadline; failures are <see cref="MagvitClientException"/>s.</summary>
public interface IDetokenizerClient
{
    /// <summary>The loaded model: K, factors, frame rule, weights hash.</summary>
    Task<ModelDescription> GetModelInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>One latent frame of tokens decoded into one image in a single call.</summary>
    Task<RgbFrame> DetokenizeImageAsync(TokenStreamHeader header, TokenFrame tokens, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a Detokenize stream (returns once the server's header arrived) and starts sending
    /// <paramref name="tokens"/>' latent frames (0, 1, 2, … in order) as they come. <paramref name="cancellationToken"/>
    /// governs the whole stream.
    /// </summary>
    Task<DecodedVideo> DetokenizeAsync(TokenStreamHeader header, IAsyncEnumerable<TokenFrame> tokens, CancellationToken cancellationToken = default);
}
