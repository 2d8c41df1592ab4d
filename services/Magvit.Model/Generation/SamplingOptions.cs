namespace Magvit.Model.Generation;

/// <summary>
/// How tokens are drawn from the model's logits. Guidance follows Open-MAGVIT2, per sub-token:
/// <c>uncond + s·(cond − uncond)</c>, so s = 1 means no guidance (and no second pass).
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Softmax temperature, &gt; 0; logits are divided by it after guidance.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most likely sub-tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of sub-tokens whose probability reaches p; 1 keeps all.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Classifier-free guidance scale s ≥ 0; 1 = none.</summary>
    public double GuidanceScale { get; init; } = 1.0;

    /// <summary>Take the most likely sub-token instead of sampling (deterministic without a seed).</summary>
    public bool Greedy { get; init; }

    /// <summary>Seed of the sampling generator: the same seed, model and request give the same tokens.</summary>
    public long Seed { get; init; }

    /// <summary>Masked decoding iterations per generated latent frame (ignored by autoregressive models).</summary>
    public int Steps { get; init; } = 12;

    /// <summary>Masked decoding: scale of the Gumbel noise added to the confidence scores (MaskGIT's 4.5), annealed to 0.</summary>
    public double ChoiceTemperature { get; init; } = 4.5;

    /// <summary>True when guidance needs the unconditional pass.</summary>
    public bool UsesGuidance => GuidanceScale != 1.0;

    /// <summary>Throws for values no sampler accepts.</summary>
    public void Validate()
    {
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be a positive finite number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(TopK, nameof(TopK));
        if (!(TopP > 0 && TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "TopP must be in (0, 1].");
        }

        if (!(GuidanceScale >= 0) || double.IsInfinity(GuidanceScale))
        {
            throw new ArgumentOutOfRangeException(nameof(GuidanceScale), GuidanceScale, "GuidanceScale must be a finite number ≥ 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        if (!(ChoiceTemperature >= 0) || double.IsInfinity(ChoiceTemperature))
        {
            throw new ArgumentOutOfRangeException(nameof(ChoiceTemperature), ChoiceTemperature, "ChoiceTemperature must be a finite number ≥ 0.");
        }
    }
}
