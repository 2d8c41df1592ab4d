namespace Magvit.Client;

/// <summary>How a token model produces tokens.</summary>
public enum GeneratorKind
{
    /// <summary>Whatever the served model does.</summary>
    Unspecified = 0,

    /// <summary>Bidirectional transformer, iterative parallel decoding.</summary>
    Masked = 1,

    /// <summary>Causal transformer, token by token.</summary>
    Autoregressive = 2,
}
