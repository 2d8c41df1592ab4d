using System.Text.Json.Serialization;
using Magvit.Model.Quantization;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// Every hyper-parameter of the MAGVIT-v2 masked token transformer: a bidirectional pre-norm transformer over
/// [condition token] + T·H·W raster tokens (reference doc §4.1), with factorised sub-token inputs and heads (§2.3).
/// </summary>
public sealed record MaskedTransformerConfig
{
    /// <summary>Model width (hidden size).</summary>
    public int Dim { get; init; } = 1024;

    /// <summary>Attention heads; Dim must be a multiple.</summary>
    public int Heads { get; init; } = 16;

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 24;

    /// <summary>Hidden width of each block's GELU MLP.</summary>
    public int MlpHidden { get; init; } = 4096;

    /// <summary>Bits per sub-token, least significant first ([9, 9] for K = 18; [K] = no factorisation).</summary>
    public IReadOnlyList<int> FactorizedBits { get; init; } = [9, 9];

    /// <summary>Real classes, ids [0, ClassCount); id ClassCount is the null (unconditional) class, which always exists.</summary>
    public int ClassCount { get; init; } = 1000;

    /// <summary>Most latent frames in one sequence; position embeddings cover 1 + MaxFrames·H·W positions.</summary>
    public int MaxFrames { get; init; } = 1;

    /// <summary>Latent grid height.</summary>
    public int GridHeight { get; init; } = 16;

    /// <summary>Latent grid width.</summary>
    public int GridWidth { get; init; } = 16;

    /// <summary>Dropout on embeddings, attention probabilities and residual branches (training only).</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Label smoothing of the masked-token cross-entropy (MAGVIT v1 uses 1e-4).</summary>
    public double LabelSmoothing { get; init; } = 1e-4;

    /// <summary>Epsilon of every LayerNorm.</summary>
    public double NormEps { get; init; } = 1e-5;

    /// <summary>Standard deviation of the normal initialisation of embeddings and linear weights (BERT/GPT-2's 0.02).</summary>
    public double InitStd { get; init; } = 0.02;

    /// <summary>K, the bits of a full token id.</summary>
    [JsonIgnore]
    public int TotalBits => FactorizedBits.Sum();

    /// <summary>Number of sub-token parts.</summary>
    [JsonIgnore]
    public int Parts => FactorizedBits.Count;

    /// <summary>Id of the null class (the last row of the class table).</summary>
    [JsonIgnore]
    public int NullClass => ClassCount;

    /// <summary>Tokens in one latent frame.</summary>
    [JsonIgnore]
    public int TokensPerFrame => GridHeight * GridWidth;

    /// <summary>Positions covered by the position embeddings: the condition token and MaxFrames frames.</summary>
    [JsonIgnore]
    public int MaxSequenceLength => 1 + (MaxFrames * TokensPerFrame);

    /// <summary>How full ids split into the sub-tokens this model embeds and predicts.</summary>
    public TokenFactorization CreateFactorization() => new(FactorizedBits);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that cannot describe a model.</summary>
    public void Validate()
    {
        Require(Dim > 0 && Heads > 0 && Dim % Heads == 0, nameof(Dim), $"Dim ({Dim}) must be a positive multiple of Heads ({Heads}).");
        Require(Layers >= 1, nameof(Layers), $"Layers must be ≥ 1, got {Layers}.");
        Require(MlpHidden >= 1, nameof(MlpHidden), $"MlpHidden must be ≥ 1, got {MlpHidden}.");
        Require(
            FactorizedBits is { Count: > 0 } && FactorizedBits.All(b => b is >= 1 and <= 20) && FactorizedBits.Sum() <= 31,
            nameof(FactorizedBits),
            "FactorizedBits needs at least one part of 1–20 bits and at most 31 bits in all.");
        Require(ClassCount >= 0, nameof(ClassCount), $"ClassCount must be ≥ 0, got {ClassCount}.");
        Require(MaxFrames >= 1, nameof(MaxFrames), $"MaxFrames must be ≥ 1, got {MaxFrames}.");
        Require(GridHeight >= 1 && GridWidth >= 1, nameof(GridHeight), $"The grid must be positive, got {GridHeight}×{GridWidth}.");
        Require(Dropout is >= 0 and < 1, nameof(Dropout), $"Dropout must be in [0, 1), got {Dropout}.");
        Require(LabelSmoothing is >= 0 and < 1, nameof(LabelSmoothing), $"LabelSmoothing must be in [0, 1), got {LabelSmoothing}.");
        Require(NormEps > 0 && InitStd > 0, nameof(NormEps), "NormEps and InitStd must be positive.");
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, field);
        }
    }
}
