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

    /// <summary>How the temporal taps are computed: all give the same result (see <see cref="CausalConvStrategy"/>).</summary>
    public CausalConvStrategy Strategy { get; set; } = CausalConvStrategy.Auto;

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream) // (B, T, C, H, W)
    {
        using var scope = NewDisposeScope();
        var x = ChannelsLast.FramesToPhysical(input);                               // (B, T, H, W, C)
        var (b, h, w, c) = (x.shape[0], x.shape[2], x.shape[3], x.shape[4]);

        // Whole clips leave the k_t − 1 zero frames in front virtual (`prefix`): no padded copy of the input.
        var (source, prefix) = (x, stream is null ? kernelTime - 1 : 0);
        if (stream is not null)
        {
            var held = stream.Pending(this);
            source = held is not null ? cat([held, x], 1)
                : kernelTime > 1 ? cat([zeros([b, kernelTime - 1, h, w, c], x.dtype, x.device), x], 1)
                : x;
        }

        var length = prefix + source.shape[1];
        var frames = length >= kernelTime ? ((length - kernelTime) / strideTime) + 1 : 0;
        stream?.SetPending(this, source.slice(1, strideTime * frames, source.shape[1], 1));

        var outChannels = conv_1.weight!.shape[0];
        ConvRecorder.RecordLayer((double)b * frames * OutSize(h) * OutSize(w) * outChannels * c * kernelTime * kernelTime * kernelTime);
        var y = frames == 0
            ? empty([b, 0, OutSize(h), OutSize(w), outChannels], x.dtype, x.device)
            : Strategy switch
            {
                CausalConvStrategy.StackedTaps => StackedTaps(source, prefix, frames),
                CausalConvStrategy.Conv3d => Volumetric(prefix > 0 ? cat([zeros([b, prefix, h, w, c], x.dtype, x.device), source], 1) : source),
                CausalConvStrategy.Auto when c < 16 => StackedTaps(source, prefix, frames),
                _ => TapSum(source, prefix, frames),
            };
        return ChannelsLast.FramesFromPhysical(y).MoveToOuterDisposeScope();         // (B, T', O, H', W')
    }

    private long OutSize(long size) => ((size + (2 * padding) - kernelTime) / strideSpace) + 1;

    /// <summary>First output frame whose tap <paramref name="dt"/> reads a real frame rather than a virtual zero one.</summary>
    private long FirstReal(long dt, long prefix, long frames) => Math.Clamp((prefix - dt + strideTime - 1) / strideTime, 0, frames);

    /// <summary>
    /// Source frames tap <paramref name="dt"/> reads for output frames [first, T'): index t·s + dt − prefix.
    /// </summary>
    private Tensor Tap(Tensor source, long dt, long prefix, long first, long frames)
        => source.slice(1, (first * strideTime) + dt - prefix, ((frames - 1) * strideTime) + dt - prefix + 1, strideTime);

    /// <summary>One conv2d with the k_t taps stacked along channels: input copied k_t times, one big GEMM.</summary>
    private Tensor StackedTaps(Tensor source, long prefix, long frames)
    {
        var (b, h, w, c) = (source.shape[0], source.shape[2], source.shape[3], source.shape[4]);
        Tensor stacked;
        if (kernelTime == 1)
        {
            stacked = Tap(source, 0, prefix, 0, frames);
        }
        else
        {
            stacked = empty([b, frames, h, w, kernelTime * c], source.dtype, source.device);   // (B, T', H, W, kt·C)
            for (var dt = 0L; dt < kernelTime; dt++)
            {
                var slot = stacked.narrow(4, dt * c, c);
                var first = FirstReal(dt, prefix, frames);
                slot.narrow(1, 0, first).zero_();
                slot.narrow(1, first, frames - first).copy_(Tap(source, dt, prefix, first, frames));
            }
        }

        var weight = conv_1.weight!;                                                // (O, C, kt, k, k) → (O, kt·C, k, k)
        var stackedWeight = weight.permute(0, 2, 1, 3, 4).reshape(weight.shape[0], -1, weight.shape[3], weight.shape[4]);
        return Convolve(stacked.reshape(b * frames, h, w, -1), stackedWeight, conv_1.bias, b, frames);
    }

    /// <summary>
    /// k_t conv2d calls on views of the input, each over the output frames whose tap reads real frames, summed:
    /// no input copy and no products with the zero frames, but k_t output-sized writes.
    /// </summary>
    private Tensor TapSum(Tensor source, long prefix, long frames)
    {
        var (b, h, w, c) = (source.shape[0], source.shape[2], source.shape[3], source.shape[4]);
        Tensor? sum = null;
        for (var dt = kernelTime - 1; dt >= 0; dt--)                                // the last tap covers every frame
        {
            var first = FirstReal(dt, prefix, frames);
            if (first == frames)
            {
                continue;
            }

            using var tapScope = NewDisposeScope();                                  // one tap's output alive at a time
            var tap = Tap(source, dt, prefix, first, frames).reshape(b * (frames - first), h, w, c);
            var y = Convolve(tap, conv_1.weight!.select(2, dt), sum is null ? conv_1.bias : null, b, frames - first);
            if (sum is null)
            {
                sum = y.MoveToOuterDisposeScope();
            }
            else
            {
                sum.narrow(1, first, frames - first).add_(y);
            }
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
