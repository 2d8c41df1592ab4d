using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Numerics;

/// <summary>
/// Every 2-D convolution of the tokenizers goes through here, so that one guard covers a libtorch 2.10 defect:
/// oneDNN's fp32 CPU conv2d was measured returning wrong values for input-channel counts 18, 20 and 24 at batch ≥ 2
/// on AVX-512 EPYC machines (16 and 32 were right; its kernels block channels by 16). With the guard on, an input
/// whose channel count is above 16 and not a multiple of 16 is zero-padded, weights alike, to the next multiple:
/// exact (the extra products are zeros) and cheap (only the decoder's conv_in, 18 channels, meets it in practice).
/// `magvit doctor` checks every conv shape of a model against float64 with the guard on and off
/// (<see cref="ConvNumericsCheck"/>).
/// </summary>
public static class SafeConvolution
{
    /// <summary>On by default; MAGVIT_CONV_CHANNEL_PAD=0 turns it off (the doctor compares both).</summary>
    public static bool PadChannels { get; set; } =
        Environment.GetEnvironmentVariable("MAGVIT_CONV_CHANNEL_PAD") != "0";

    /// <summary>Channel counts the guard pads.</summary>
    public static bool NeedsPadding(long inChannels) => inChannels > 16 && inChannels % 16 != 0;

    /// <summary>conv2d over (N, C, H, W) with symmetric zero padding, guarded as <see cref="PadChannels"/> says.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, long padding)
        => Conv2d(input, weight, bias, stride, padding, PadChannels);

    /// <summary>conv2d with the guard chosen by the caller (the numerics check runs both ways).</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, long padding, bool padChannels)
    {
        ConvRecorder.Record(input, weight, stride, padding);
        var channels = input.shape[1];
        if (padChannels && input.dtype == ScalarType.Float32 && NeedsPadding(channels))
        {
            var extra = 16 - (channels % 16);
            input = nn.functional.pad(input, [0, 0, 0, 0, 0, extra]);
            weight = nn.functional.pad(weight, [0, 0, 0, 0, 0, extra]);
        }

        return nn.functional.conv2d(input, weight, bias, strides: [stride, stride], padding: [padding, padding]);
    }
}
