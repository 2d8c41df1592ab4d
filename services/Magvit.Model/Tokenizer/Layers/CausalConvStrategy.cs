namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// Ways to compute a causal 3-D conv (all equal to conv3d within fp32 rounding). Measured on this project's 2-core
/// AVX-512 machines, channels-last, per 2 cores of CPU time (`magvit bench model --causal-conv ...`): the tap sum
/// runs the big 3×3×3 layers at 215–250 GF/s-equivalent against 190–215 for stacked taps and 185–215 for conv3d
/// (conv3d collapses to ~50 on short clips such as 64 ch × 5×32²); stacked taps win only on the RGB input conv
/// (3 channels: 96 against 41), whose per-tap reduction is too short for the GEMM.
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
