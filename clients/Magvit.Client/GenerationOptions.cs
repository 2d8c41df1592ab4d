namespace Magvit.Client;

/// <summary>How a generator draws tokens; unset values take the server's defaults.</summary>
public sealed record GenerationOptions
{
    /// <summary>The kind of model expected; <see cref="GeneratorKind.Unspecified"/> accepts whatever is served.</summary>
    public GeneratorKind Kind { get; init; }

    /// <summary>Softmax temperature in (0, 10]; server default 1.</summary>
    public float? Temperature { get; init; }

    /// <summary>Keep only the k most likely sub-tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus sampling threshold in (0, 1]; server default 1.</summary>
    public float? TopP { get; init; }

    /// <summary>Classifier-free guidance scale in [0, 20]; server default 1 (none).</summary>
    public float? GuidanceScale { get; init; }

    /// <summary>Take the most likely sub-token every time (deterministic; the seed is unused).</summary>
    public bool Greedy { get; init; }

    /// <summary>
    /// Seed of the sampler. Null: the client picks one and reports it (<see cref="GeneratedTokens.Seed"/>), so that
    /// a stream resumed after a failure draws the same tokens.
    /// </summary>
    public ulong? Seed { get; init; }

    /// <summary>Masked models: decoding iterations per latent frame, 1 … 64; server default 12.</summary>
    public int? Steps { get; init; }
}
