namespace Magvit.Model.Tokenizer.Layers;

/// <summary>Ways to compute a causal 3-D conv from 2-D ones (all equal to conv3d within fp32 rounding).</summary>
public enum CausalConvStrategy
{
    /// <summary>One conv2d over the k_t taps stacked along channels.</summary>
    StackedTaps,

    /// <summary>k_t conv2d calls, one per tap, summed.</summary>
    TapSum,

    /// <summary>libtorch's conv3d.</summary>
    Conv3d,
}
