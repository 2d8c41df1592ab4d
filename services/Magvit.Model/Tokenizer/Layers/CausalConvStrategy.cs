namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// Ways to compute a causal 3-D conv (all equal to conv3d within fp32 rounding), all on channels-last tensors.
/// Open-MAGVIT2 video tokenizer, 17×128², encode + decode, 2 threads on this project's AVX-512 machines, conv2d peak
/// ~220 GF/s (`magvit bench model --path video --causal-conv X`): Auto 46–48 s (222–230 GF/s of the reference's
/// 5331 GMACs), StackedTaps 55 s (193), Conv3d 55 s (195; it also collapses on short clips: 64 ch × 5×32² runs at
/// ~50 GF/s). The tap sum wins by skipping the products with the k_t − 1 zero frames and the k_t-fold input copy;
/// stacking wins only on the 3-channel RGB input conv (96 against 41 GF/s), whose per-tap reduction is too short.
/// </summary>
public enum CausalConvStrategy
{
    /// <summary>Stacked taps below 16 input channels, the tap sum otherwise.</summary>
    Auto,

    /// <summary>One conv2d over the k_t taps stacked along channels (the input copied k_t times).</summary>
    StackedTaps,

    /// <summary>k_t conv2d calls on views of the input, one per tap, summed; zero padding frames skipped.</summary>
    TapSum,

    /// <summary>libtorch's conv3d (not routed through the conv2d guard: for comparison only).</summary>
    Conv3d,
}
