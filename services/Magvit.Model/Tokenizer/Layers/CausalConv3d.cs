using Magvit.Model.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// Open-MAGVIT2's <c>ConvBlock3D</c>: a 3-D conv stored as <c>conv_1</c>, padded with k_t−1 zero frames in front
/// (never behind) and k/2 zeros around each frame. Computed channels-last as 2-D convs over frames folded into the
/// batch (see <see cref="CausalConvStrategy"/>): the same sums as conv3d, through oneDNN's conv2d kernels.
/// When streaming, the input frames not yet consumed (at most k_t − 1 + stride − 1) carry over to the next chunk.
/// </summary>
public sealed class CausalConv3d : FrameModule
{
    private readonly Conv3d conv_1;
    private readonly long kernelTime;
    private readonly long strideTime;
    private readonly long strideSpace;
    private readonly long padding;

    /// <summary>Kernel (k, k, k) — or (1, 1, 1) for <paramref name="kernel"/> = 1 — with stride (t, s, s).</summary>
    public CausalConv3d(long inChannels, long outChannels, long kernel, long strideTime = 1, long strideSpace = 1, bool hasBias = true)
        : base(nameof(CausalConv3d))
    {
        conv_1 = nn.Conv3d(inChannels, outChannels, kernel, stride: 1, bias: hasBias);
        kernelTime = kernel;
        this.strideTime = strideTime;
        this.strideSpace = strideSpace;
        padding = kernel / 2;
        RegisterComponents();
    }

    /// <summary>How the temporal taps are computed (process-wide; for measurements).</summary>
    internal static CausalConvStrategy Strategy { get; set; } = CausalConvStrategy.StackedTaps;

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream) // (B, T, C, H, W)
    {
        using var scope = NewDisposeScope();
        var x = ChannelsLast.FramesToPhysical(input);                               // (B, T, H, W, C)
        var (b, h, w, c) = (x.shape[0], x.shape[2], x.shape[3], x.shape[4]);
        var held = stream?.Pending(this);
        var padded = held is not null ? cat([held, x], 1)
            : kernelTime > 1 ? cat([zeros([b, kernelTime - 1, h, w, c], x.dtype, x.device), x], 1)
            : x;
        var frames = padded.shape[1] >= kernelTime ? ((padded.shape[1] - kernelTime) / strideTime) + 1 : 0;
        stream?.SetPending(this, padded.slice(1, strideTime * frames, padded.shape[1], 1));

        var y = frames == 0
            ? empty([b, 0, OutSize(h), OutSize(w), conv_1.weight!.shape[0]], x.dtype, x.device)
            : Strategy switch
            {
                CausalConvStrategy.TapSum => TapSum(padded, frames),
                CausalConvStrategy.Conv3d => Volumetric(padded),
                _ => StackedTaps(padded, frames),
            };
        return ChannelsLast.FramesFromPhysical(y).MoveToOuterDisposeScope();         // (B, T', O, H', W')
    }

    private long OutSize(long size) => ((size + (2 * padding) - kernelTime) / strideSpace) + 1;

    /// <summary>Input frames tap <paramref name="dt"/> reads for each output frame: (B, T', H, W, C).</summary>
    private Tensor Tap(Tensor padded, long dt, long frames) => padded.slice(1, dt, dt + (strideTime * (frames - 1)) + 1, strideTime);

    /// <summary>One conv2d with the k_t taps stacked along channels: input copied k_t times, one big GEMM.</summary>
    private Tensor StackedTaps(Tensor padded, long frames)
    {
        var (b, h, w) = (padded.shape[0], padded.shape[2], padded.shape[3]);
        var taps = Enumerable.Range(0, (int)kernelTime).Select(dt => Tap(padded, dt, frames)).ToArray();
        var stacked = kernelTime == 1 ? taps[0] : cat(taps, 4);                    // (B, T', H, W, kt·C)
        var weight = conv_1.weight!;                                                // (O, C, kt, k, k) → (O, kt·C, k, k)
        var stackedWeight = weight.permute(0, 2, 1, 3, 4).reshape(weight.shape[0], -1, weight.shape[3], weight.shape[4]);
        return Convolve(stacked.reshape(b * frames, h, w, -1), stackedWeight, conv_1.bias, b, frames);
    }

    /// <summary>k_t conv2d calls on views of the input, summed: no input copy, k_t output-sized accumulations.</summary>
    private Tensor TapSum(Tensor padded, long frames)
    {
        var (b, h, w, c) = (padded.shape[0], padded.shape[2], padded.shape[3], padded.shape[4]);
        Tensor? sum = null;
        for (var dt = 0L; dt < kernelTime; dt++)
        {
            var y = Convolve(Tap(padded, dt, frames).reshape(b * frames, h, w, c), conv_1.weight!.select(2, dt), dt == 0 ? conv_1.bias : null, b, frames);
            sum = sum is null ? y : sum.add_(y);
        }

        return sum!;
    }

    /// <summary>Native conv3d over the channels-last (B, C, T, H, W) view (bypasses the conv2d guard: measurements only).</summary>
    private Tensor Volumetric(Tensor padded)
    {
        var y = nn.functional.conv3d(
            padded.permute(0, 4, 1, 2, 3), conv_1.weight!, conv_1.bias, strides: [strideTime, strideSpace, strideSpace], padding: [0, padding, padding]);
        return y.permute(0, 2, 3, 4, 1).contiguous();
    }

    /// <summary>conv2d of physical (B·T', H, W, C') → physical (B, T', H', W', O).</summary>
    private Tensor Convolve(Tensor physical, Tensor weight, Tensor? bias, long b, long frames)
    {
        var y = SafeConvolution.Conv2d(ChannelsLast.ImagesFromPhysical(physical), weight, bias, strideSpace, padding);
        return ChannelsLast.ImagesToPhysical(y).view(b, frames, y.shape[2], y.shape[3], y.shape[1]);
    }
}
