namespace Magvit.Client;

/// <summary>What to generate: a number of latent frames, conditioned on a class and/or a prompt.</summary>
/// <param name="LatentFrames">Latent frames to generate after the prompt, ≥ 1.</param>
public sealed record GenerationRequest(int LatentFrames)
{
    /// <summary>Class id in [0, class count); null = unconditional.</summary>
    public int? ClassId { get; init; }

    /// <summary>Frame prediction: the latent frames to continue; null = none.</summary>
    public TokenPrompt? Prompt { get; init; }

    /// <summary>Sampling.</summary>
    public GenerationOptions Options { get; init; } = new();
}
