using System.Text.Json.Serialization;
using Magvit.Model.Generation.Transformer;
using Magvit.Model.Quantization;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// Every hyper-parameter of the autoregressive token model (Open-MAGVIT2 <c>GPT</c> names in comments); defaults are
/// OM2's "B" model for 256² images (16×16 tokens of 18 bits, 1000 ImageNet classes).
/// </summary>
public sealed record AutoregressiveConfig
{
    /// <summary>Model width (<c>dim</c>).</summary>
    public int Dim { get; init; } = 1024;

    /// <summary>Attention heads (<c>n_head</c>); the head width Dim / Heads must be a multiple of 4 for 2-D RoPE.</summary>
    public int Heads { get; init; } = 16;

    /// <summary>Causal blocks over the token sequence (<c>spatial_n_layer</c>).</summary>
    public int SpatialLayers { get; init; } = 24;

    /// <summary>Blocks of the per-position sub-token ("intra") transformer (<c>factorized_n_layer</c>).</summary>
    public int FactorizedLayers { get; init; } = 2;

    /// <summary>SwiGLU width is int(2·4·Dim/3) rounded up to a multiple of this (<c>multiple_of</c>).</summary>
    public int FfnMultipleOf { get; init; } = 256;

    /// <summary>Explicit SwiGLU width; null derives it from Dim and <see cref="FfnMultipleOf"/>.</summary>
    public int? FfnHidden { get; init; }

    /// <summary>Real classes (<c>class_num</c>); the class table has one more row, the null class used for CFG.</summary>
    public int ClassCount { get; init; } = 1000;

    /// <summary>Bits per sub-token, least significant first (<c>factorized_bits</c>): id = pre + 2^bits[0]·post; one part = no factorisation.</summary>
    public IReadOnlyList<int> FactorizedBits { get; init; } = [6, 12];

    /// <summary>Latent rows the positions cover (OM2: √block_size).</summary>
    public int GridHeight { get; init; } = 16;

    /// <summary>Latent columns the positions cover.</summary>
    public int GridWidth { get; init; } = 16;

    /// <summary>Latent frames the positions cover; 1 = images (OM2's 2-D RoPE), more = video (3-D RoPE).</summary>
    public int MaxFrames { get; init; } = 1;

    /// <summary>RoPE base (<c>rope_base</c>).</summary>
    public double RopeBase { get; init; } = 10000;

    /// <summary>RMSNorm epsilon (<c>norm_eps</c>).</summary>
    public double NormEps { get; init; } = 1e-5;

    /// <summary>Training only: dropout on the input embeddings (<c>embd_pdrop</c>).</summary>
    public double EmbeddingDropout { get; init; }

    /// <summary>Training only: dropout on attention weights (<c>attn_dropout_p</c>).</summary>
    public double AttentionDropout { get; init; }

    /// <summary>Training only: dropout on attention outputs (<c>resid_dropout_p</c>).</summary>
    public double ResidualDropout { get; init; }

    /// <summary>Training only: dropout on feed-forward outputs (<c>ffn_dropout_p</c>).</summary>
    public double FfnDropout { get; init; }

    /// <summary>Training only: probability of replacing a label by the null class (<c>class_dropout_prob</c>, for CFG).</summary>
    public double ClassDropout { get; init; }

    /// <summary>Width of one head.</summary>
    [JsonIgnore]
    public int HeadDim => Dim / Heads;

    /// <summary>The SwiGLU width in use.</summary>
    [JsonIgnore]
    public int FeedForwardHidden => FfnHidden ?? RoundUp(2 * 4 * Dim / 3, FfnMultipleOf);

    /// <summary>Sub-tokens per token (heads of the model).</summary>
    [JsonIgnore]
    public int Parts => FactorizedBits.Count;

    /// <summary>Row of the null class in the class table.</summary>
    [JsonIgnore]
    public int NullClass => ClassCount;

    /// <summary>Tokens of the largest grid.</summary>
    [JsonIgnore]
    public int MaxTokens => MaxFrames * GridHeight * GridWidth;

    /// <summary>How token ids split into the heads' sub-tokens.</summary>
    public TokenFactorization Factorization() => new(FactorizedBits);

    /// <summary>The settings of one block.</summary>
    public TransformerBlockConfig Block() => new()
    {
        Dim = Dim,
        Heads = Heads,
        FfnHidden = FeedForwardHidden,
        NormEps = NormEps,
        AttentionDropout = AttentionDropout,
        ResidualDropout = ResidualDropout,
        FfnDropout = FfnDropout,
    };

    /// <summary>Throws <see cref="ArgumentException"/> when the config cannot describe a model.</summary>
    public void Validate()
    {
        if (Dim < 1 || Heads < 1 || Dim % Heads != 0)
        {
            throw new ArgumentException($"Dim ({Dim}) must be a positive multiple of Heads ({Heads}).");
        }

        _ = RotaryEmbedding.PairGroups(HeadDim, MaxFrames);
        if (FactorizedBits.Count is < 1 or > 2)
        {
            throw new ArgumentException($"FactorizedBits must have one or two parts, got {FactorizedBits.Count}.");
        }

        _ = Factorization();
        if (SpatialLayers < 1 || FactorizedLayers < 0 || (Parts > 1 && FactorizedLayers < 1))
        {
            throw new ArgumentException("SpatialLayers ≥ 1 and FactorizedLayers ≥ 1 (≥ 0 without factorisation) are required.");
        }

        if (FfnMultipleOf < 1 || FeedForwardHidden < 1 || ClassCount < 0 || GridHeight < 1 || GridWidth < 1 || MaxFrames < 1)
        {
            throw new ArgumentException("FfnMultipleOf, FfnHidden, the grid and MaxFrames must be positive and ClassCount ≥ 0.");
        }

        if (!(NormEps > 0) || !(RopeBase > 1))
        {
            throw new ArgumentException("NormEps must be > 0 and RopeBase > 1.");
        }

        double[] dropouts = [EmbeddingDropout, AttentionDropout, ResidualDropout, FfnDropout, ClassDropout];
        if (dropouts.Any(p => !(p >= 0 && p < 1)))
        {
            throw new ArgumentException("Dropout probabilities must be in [0, 1).");
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
