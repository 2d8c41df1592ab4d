namespace Magvit.Client;

/// <summary>Condition → tokens (the generator service). Every call has a deadline; failures are <see cref="MagvitClientException"/>s.</summary>
public interface IGeneratorClient
{
    /// <summary>The loaded model: kind, K, classes, context, and the tokenizer it was trained on.</summary>
    Task<GeneratorModelDescription> GetModelInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a Generate stream (returns once the server's header arrived). <paramref name="cancellationToken"/> governs
    /// the whole stream and stops the generation.
    /// </summary>
    Task<GeneratedTokens> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Per-token log-probabilities of a token video under the model.</summary>
    Task<TokenScore> ScoreAsync(TokenStreamHeader header, IReadOnlyList<TokenFrame> tokens, int? classId = null, CancellationToken cancellationToken = default);
}
