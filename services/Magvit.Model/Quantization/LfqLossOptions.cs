namespace Magvit.Model.Quantization;

/// <summary>Hyper-parameters of the LFQ training losses; defaults are SV's (reference §2.4).</summary>
public sealed record LfqLossOptions
{
    /// <summary>τ in p = softmax(2⟨z, c⟩ / τ) over all codes c.</summary>
    public double Temperature { get; init; } = LfqLosses.DefaultTemperature;

    /// <summary>w_s on the per-sample entropy (SV <c>sample_minimization_weight</c>).</summary>
    public double SampleMinimizationWeight { get; init; } = 1.0;

    /// <summary>w_b on the batch (codebook) entropy (SV <c>batch_maximization_weight</c>).</summary>
    public double BatchMaximizationWeight { get; init; } = 1.0;

    /// <summary>Scale of the entropy loss in the generator loss (SV <c>codebook_weight</c>).</summary>
    public double EntropyWeight { get; init; } = 0.1;

    /// <summary>Scale of the commitment loss in the generator loss (SV <c>commit_weight</c>).</summary>
    public double CommitmentWeight { get; init; } = 0.25;

    /// <summary>Tokens per chunk when accumulating the mean code distribution; bounds the batch entropy's memory.</summary>
    public long ChunkTokens { get; init; } = LfqLosses.DefaultChunkTokens;
}
