namespace Magvit.Model.Numerics;

/// <summary>
/// One 2-D convolution call as <see cref="SafeConvolution"/> received it: input (N, C, H, W), weight (O, C, kh, kw),
/// symmetric stride and zero padding, and whether the input was channels-last in memory (oneDNN runs other kernels
/// for it). Records compare by value, so recorded calls dedupe with a set.
/// </summary>
public sealed record ConvShape(
    long Batch, long InChannels, long Height, long Width, long OutChannels, long KernelHeight, long KernelWidth, long Stride, long Padding,
    bool ChannelsLast = false)
{
    /// <summary>Output height.</summary>
    public long OutHeight => ((Height + (2 * Padding) - KernelHeight) / Stride) + 1;

    /// <summary>Output width.</summary>
    public long OutWidth => ((Width + (2 * Padding) - KernelWidth) / Stride) + 1;

    /// <summary>Multiply-accumulates of the call (the guard's zero channels not counted): FLOPs = 2 × MACs.</summary>
    public double MultiplyAccumulates
        => (double)Batch * OutChannels * OutHeight * OutWidth * InChannels * KernelHeight * KernelWidth;

    /// <summary>The same call at another batch size.</summary>
    public ConvShape WithBatch(long batch) => this with { Batch = batch };

    /// <summary>Compact form, e.g. <c>x(2,18,16,16) w(512,18,3,3) s1 p1</c>.</summary>
    public override string ToString()
        => $"x({Batch},{InChannels},{Height},{Width}){(ChannelsLast ? " NHWC" : "")} w({OutChannels},{InChannels},{KernelHeight},{KernelWidth}) s{Stride} p{Padding}";
}
