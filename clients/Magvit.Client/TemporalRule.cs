namespace Magvit.Client;

/// <summary>How a tokenizer maps frames to latent frames along time (the contract's FrameRule).</summary>
public enum TemporalRule
{
    /// <summary>Not known (a header that did not say).</summary>
    Unspecified = 0,

    /// <summary>Every frame alone: latent frame j is frame j.</summary>
    Image = 1,

    /// <summary>Strictly causal: latent frame 0 is frame 0, latent frame j ≥ 1 is frames t·(j−1)+1 … t·j.</summary>
    Causal = 2,

    /// <summary>Independent windows of <see cref="TokenGeometry.WindowFrames"/> frames, causal mapping inside each.</summary>
    Windowed = 3,
}
