namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// What a bare checkpoint's shapes cannot tell (used only when there is no config.json): null keeps the default —
/// head width 64 (every released OM2 model), a 16×16 grid, one frame, base 10000, eps 1e-5.
/// </summary>
public sealed record AutoregressiveCheckpointHints
{
    /// <summary>Attention heads.</summary>
    public int? Heads { get; init; }

    /// <summary>Latent rows.</summary>
    public int? GridHeight { get; init; }

    /// <summary>Latent columns.</summary>
    public int? GridWidth { get; init; }

    /// <summary>Latent frames.</summary>
    public int? MaxFrames { get; init; }

    /// <summary>RoPE base.</summary>
    public double? RopeBase { get; init; }

    /// <summary>RMSNorm epsilon.</summary>
    public double? NormEps { get; init; }
}
