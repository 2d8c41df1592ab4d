using Magvit.Model.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// Open-MAGVIT2's <c>ConvBlock3D</c>: a 3-D conv stored as <c>conv_1</c>, padded with k_t−1 zero frames in front
/// (never behind) and k/2 zeros around each frame. Computed as one 2-D conv over frames folded into the batch with
/// the k_t taps stacked along channels — the same sums as conv3d, but through libtorch's much faster conv2d kernels.
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

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream) // (B, T, C, H, W)
    {
        var (b, c, h, w) = (input.shape[0], input.shape[2], input.shape[3], input.shape[4]);
        var held = stream?.Pending(this);
        var padded = held is not null ? cat([held, input], 1)
            : kernelTime > 1 ? cat([zeros([b, kernelTime - 1, c, h, w], input.dtype, input.device), input], 1)
            : input;
        var frames = padded.shape[1] >= kernelTime ? ((padded.shape[1] - kernelTime) / strideTime) + 1 : 0;
        stream?.SetPending(this, padded.slice(1, strideTime * frames, padded.shape[1], 1));

        var weight = conv_1.weight!; // (O, C, kt, k, k) → (O, kt·C, k, k), tap-major like the stacked input
        var outChannels = weight.shape[0];
        var (ho, wo) = (((h + (2 * padding) - weight.shape[3]) / strideSpace) + 1, ((w + (2 * padding) - weight.shape[4]) / strideSpace) + 1);
        if (frames == 0)
        {
            return empty([b, 0, outChannels, ho, wo], input.dtype, input.device);
        }

        var taps = new Tensor[kernelTime];
        for (var dt = 0L; dt < kernelTime; dt++)
        {
            taps[dt] = padded.slice(1, dt, dt + (strideTime * (frames - 1)) + 1, strideTime);
        }

        var stacked = kernelTime == 1 ? taps[0] : cat(taps, 2);                   // (B, T', kt·C, H, W)
        var stackedWeight = weight.permute(0, 2, 1, 3, 4).reshape(outChannels, kernelTime * c, weight.shape[3], weight.shape[4]);
        var y = SafeConvolution.Conv2d(stacked.reshape(b * frames, kernelTime * c, h, w), stackedWeight, conv_1.bias, strideSpace, padding);
        return y.view(b, frames, outChannels, ho, wo);
    }
}
