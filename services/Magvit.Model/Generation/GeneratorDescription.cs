using Magvit.Model.Quantization;

namespace Magvit.Model.Generation;

/// <summary>What a loaded token model can do: the limits a service validates requests against.</summary>
public sealed record GeneratorDescription
{
    /// <summary>Masked or autoregressive.</summary>
    public required GeneratorKind Kind { get; init; }

    /// <summary>How full token ids split into sub-tokens (one part when not factorised); TotalBits = K.</summary>
    public required TokenFactorization Factorization { get; init; }

    /// <summary>Number of real classes; 0 for unconditional-only models. Ids are [0, ClassCount).</summary>
    public required int ClassCount { get; init; }

    /// <summary>Largest number of latent frames in one sequence (prompt included).</summary>
    public required int MaxFrames { get; init; }

    /// <summary>Latent grid height the model's positions cover.</summary>
    public required int Height { get; init; }

    /// <summary>Latent grid width the model's positions cover.</summary>
    public required int Width { get; init; }

    /// <summary>Trainable parameters.</summary>
    public required long Parameters { get; init; }
}
