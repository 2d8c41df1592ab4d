namespace Magvit.Model.Generation;

/// <summary>How a token model produces tokens.</summary>
public enum GeneratorKind
{
    /// <summary>Bidirectional transformer, iterative parallel decoding (MAGVIT-v2 / MaskGIT).</summary>
    Masked,

    /// <summary>Causal transformer, one token after the other with a KV cache (Open-MAGVIT2 AR).</summary>
    Autoregressive,
}
