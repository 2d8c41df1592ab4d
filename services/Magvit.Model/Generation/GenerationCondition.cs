namespace Magvit.Model.Generation;

/// <summary>
/// What a generation is conditioned on: a class (or none) and, for frame prediction, the tokens of the first
/// latent frames (whole frames, raster order), which are kept as given and never re-sampled.
/// </summary>
public sealed record GenerationCondition
{
    /// <summary>The unconditional condition: no class, no prompt.</summary>
    public static GenerationCondition Unconditional { get; } = new();

    /// <summary>Class id in [0, ClassCount), or null for unconditional generation (the model's null class).</summary>
    public int? ClassId { get; init; }

    /// <summary>Full token ids of the given latent frames; its length is a whole number of frames.</summary>
    public IReadOnlyList<long> PromptTokens { get; init; } = [];
}
