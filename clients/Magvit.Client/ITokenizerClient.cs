namespace Magvit.Client;

/// <summary>Frames → tokens (the tokenizer service). Every call has a deadline; failures are <see cref="MagvitClientException"/>s.</summary>
public interface ITokenizerClient
{
    /// <summary>The loaded model: K, factors, frame rule, weights hash.</summary>
    Task<ModelDescription> GetModelInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>One image's tokens in a single call.</summary>
    Task<TokenImage> TokenizeImageAsync(RgbFrame image, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a Tokenize stream (returns once the server's header arrived) and starts sending <paramref name="video"/>'s
    /// frames as they come. <paramref name="cancellationToken"/> governs the whole stream.
    /// </summary>
    Task<TokenizedVideo> TokenizeAsync(VideoFrames video, CancellationToken cancellationToken = default);
}
