namespace Magvit.Model.Generation;

/// <summary>
/// A token model ready to generate and score. Calls are synchronous and single-threaded: the caller owns the thread
/// (dispose scopes and grad modes are thread-local); cancellation is checked between decoding steps.
/// </summary>
public interface ITokenGenerator : IDisposable
{
    /// <summary>The model's kind and limits.</summary>
    GeneratorDescription Description { get; }

    /// <summary>
    /// Generates every non-prompt token of <paramref name="request"/>'s grid, reporting each run of new tokens to
    /// <paramref name="onTokens"/> as soon as it is final. Throws <see cref="OperationCanceledException"/> within one
    /// step of cancellation and <see cref="ArgumentException"/> for requests outside the model's limits.
    /// </summary>
    void Generate(GenerationRequest request, Action<GeneratedTokens> onTokens, CancellationToken cancellationToken);

    /// <summary>
    /// Natural-log probability of each token of <paramref name="tokens"/> (full ids, raster order over
    /// <paramref name="grid"/>) under the model given <paramref name="classId"/> (null = unconditional); one value per
    /// token, the sum over its sub-tokens.
    /// </summary>
    float[] Score(TokenGrid grid, int? classId, IReadOnlyList<long> tokens, CancellationToken cancellationToken);
}
