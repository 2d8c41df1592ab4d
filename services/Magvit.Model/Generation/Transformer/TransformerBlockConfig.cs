namespace Magvit.Model.Generation.Transformer;

/// <summary>Hyper-parameters of one pre-norm LLaMA block (Open-MAGVIT2 <c>ModelArgs</c> names in comments).</summary>
public sealed record TransformerBlockConfig
{
    /// <summary>Model width (<c>dim</c>).</summary>
    public required int Dim { get; init; }

    /// <summary>Attention heads (<c>n_head</c>); the head width is Dim / Heads.</summary>
    public required int Heads { get; init; }

    /// <summary>SwiGLU hidden width (the rows of <c>w1</c> and <c>w3</c>).</summary>
    public required int FfnHidden { get; init; }

    /// <summary>RMSNorm epsilon (<c>norm_eps</c>).</summary>
    public double NormEps { get; init; } = 1e-5;

    /// <summary>Dropout on the attention weights while training (<c>attn_dropout_p</c>).</summary>
    public double AttentionDropout { get; init; }

    /// <summary>Dropout on the attention output while training (<c>resid_dropout_p</c>).</summary>
    public double ResidualDropout { get; init; }

    /// <summary>Dropout on the feed-forward output while training (<c>ffn_dropout_p</c>).</summary>
    public double FfnDropout { get; init; }

    /// <summary>Width of one head.</summary>
    public int HeadDim => Dim / Heads;
}
