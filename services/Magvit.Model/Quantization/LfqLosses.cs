using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>
/// The LFQ training losses exactly as SV computes them (reference §2.4), evaluated in factorised form: with
/// p = softmax(2⟨z, c⟩/τ) over all codes c ∈ {±1}^K, each bit is independent with p(c_k = +1) = σ(4·z_k/τ).
/// Inputs are latents z with K channels at <c>channelDim</c>; every other dim indexes tokens.
/// </summary>
public static class LfqLosses
{
    /// <summary>SV's τ.</summary>
    public const double DefaultTemperature = 0.01;

    /// <summary>Tokens per chunk of the batch-entropy accumulation.</summary>
    public const long DefaultChunkTokens = 1024;

    /// <summary>Largest K for the batch entropy: the mean distribution alone takes 2^K values.</summary>
    public const int MaxBatchEntropyBits = 24;

    // SV's eps inside log(p̄ + eps); it keeps the gradient finite where a code's mean probability is zero.
    private const double BatchEntropyEpsilon = 1e-5;

    /// <summary>mean((z − q.detach())²); gradients reach z only.</summary>
    public static Tensor Commitment(Tensor z, Tensor q)
    {
        if (!z.shape.SequenceEqual(q.shape))
        {
            throw new ArgumentException(
                $"q has shape [{string.Join(", ", q.shape)}]; z has [{string.Join(", ", z.shape)}].", nameof(q));
        }

        using var scope = NewDisposeScope();
        return (z - q.detach()).square().mean().MoveToOuterDisposeScope();
    }

    /// <summary>H_s = mean over tokens of Σ_k H_binary(σ(4·z_k/τ)), in nats; exact, O(tokens·K).</summary>
    public static Tensor PerSampleEntropy(Tensor z, long channelDim = 1, double temperature = DefaultTemperature)
    {
        using var scope = NewDisposeScope();
        var s = BitLogits(z, channelDim, temperature);   // (N, K)
        var logOn = s.log_sigmoid();
        var logOff = (-s).log_sigmoid();

        // −p·log p with p from sigmoid: an underflowed p is exactly 0 and log p stays finite, so no 0·∞ NaN.
        var perBit = -(s.sigmoid() * logOn + (-s).sigmoid() * logOff);
        return perBit.sum(1).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// H_b = −Σ_j p̄_j·log(p̄_j + 1e-5), p̄ the mean over all tokens of p; exact, accumulated over chunks of
    /// <paramref name="chunkTokens"/> tokens so the (tokens × 2^K) probabilities are never materialised.
    /// </summary>
    public static Tensor BatchEntropy(
        Tensor z, long channelDim = 1, double temperature = DefaultTemperature, long chunkTokens = DefaultChunkTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkTokens, 1);
        using var scope = NewDisposeScope();
        var s = BitLogits(z, channelDim, temperature);
        if (s.shape[1] > MaxBatchEntropyBits)
        {
            throw new ArgumentException(
                $"z has {s.shape[1]} channels; the batch entropy supports at most {MaxBatchEntropyBits}.", nameof(z));
        }

        var mean = CodeProbabilities.Average(s, chunkTokens);   // (2^K)
        return (-(mean * (mean + BatchEntropyEpsilon).log()).sum()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// All terms for one training step. <paramref name="enlargeFactor"/> multiplies the entropy part of Total (see
    /// <see cref="EnlargeFactor"/>); q is the hard ±1 code (or its straight-through value) for the commitment.
    /// </summary>
    public static LfqLossParts Compute(
        Tensor z, Tensor q, LfqLossOptions? options = null, long channelDim = 1, double enlargeFactor = 1.0)
    {
        var o = options ?? new LfqLossOptions();
        using var scope = NewDisposeScope();
        var sample = PerSampleEntropy(z, channelDim, o.Temperature);
        var batch = BatchEntropy(z, channelDim, o.Temperature, o.ChunkTokens);
        var commitment = Commitment(z, q);
        var entropy = sample * o.SampleMinimizationWeight - batch * o.BatchMaximizationWeight;
        var total = entropy * (o.EntropyWeight * enlargeFactor) + commitment * o.CommitmentWeight;
        scope.MoveToOuter(sample, batch, commitment);
        scope.MoveToOuter(entropy, total);
        return new LfqLossParts(sample, batch, commitment, entropy, total);
    }

    /// <summary>
    /// The entropy-loss annealing multiplier 1 + ratio·max(0, 1 − step/steps) of the official trainer, copied by SV as
    /// <c>codebook_enlarge_ratio</c> (default 3) and <c>codebook_enlarge_steps</c> (default 2000). All released SV
    /// configs set the ratio to 0, i.e. a constant factor of 1.
    /// </summary>
    public static double EnlargeFactor(long step, double ratio, long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ratio);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return 1.0 + ratio * Math.Max(0.0, 1.0 - (double)step / steps);
    }

    /// <summary>(…, K at channelDim, …) → (N, K) per-bit logits 4·z/τ, in float32 or wider.</summary>
    private static Tensor BitLogits(Tensor z, long channelDim, double temperature)
    {
        if (!(temperature > 0 && double.IsFinite(temperature)))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive and finite.");
        }

        var rows = ChannelDims.ToTokenRows(z, channelDim);
        if (rows.shape[0] == 0)
        {
            throw new ArgumentException("z has no tokens.", nameof(z));
        }

        // Half-precision logits of size 400·z would lose the small probabilities the entropies are made of.
        var wide = rows.dtype is ScalarType.Float16 or ScalarType.BFloat16 ? rows.to_type(ScalarType.Float32) : rows;
        return wide * (4.0 / temperature);
    }
}
