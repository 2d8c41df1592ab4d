namespace Magvit.Model.Tokenizer;

/// <summary>Which of the three tokenizer architectures a config describes.</summary>
public enum TokenizerKind
{
    /// <summary>Open-MAGVIT2 <c>improved_model</c>: 2-D convs, tensors (B, C, H, W).</summary>
    Image,

    /// <summary>
    /// Open-MAGVIT2 <c>improved_video_model</c>: causal 3-D convs, but GroupNorm and AdaGN pool statistics over time,
    /// so a latent frame depends on later frames. Streams only in independent 1+4k-frame windows.
    /// </summary>
    Video,

    /// <summary>
    /// Our strictly causal variant: same blocks and names as <see cref="Video"/>, normalisation statistics per frame
    /// (GroupNorm) and per latent frame (AdaGN), so every output depends only on the past. The streaming default.
    /// </summary>
    CausalVideo,
}
