using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// Group normalisation for each <see cref="NormMode"/>, folded with a per-channel scale and shift into one pass:
/// statistics per (sample[, frame], group) from one var_mean over the channels-last tensor, then y = x·a + b with
/// a = scale/σ and b = shift − μ·a per (sample[, frame], channel). One read for the statistics and one read and write
/// for the result, where normalise, scale and shift one after another take five.
/// </summary>
public static class GroupNormalization
{
    /// <summary>The reference's epsilon everywhere.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// Normalises <paramref name="x"/> over <paramref name="groups"/> groups, then scales and shifts per channel.
    /// <paramref name="scale"/> and <paramref name="shift"/> are (C), per sample (B, C), or per sample and frame
    /// (B, T, C) for video; null means 1 and 0.
    /// </summary>
    public static Tensor Normalize(Tensor x, long groups, NormMode mode, Tensor? scale = null, Tensor? shift = null)
    {
        if (x.numel() == 0)
        {
            return x.alias();
        }

        using var scope = NewDisposeScope();
        var isVideo = mode != NormMode.Image;
        var physical = isVideo ? ChannelsLast.FramesToPhysical(x) : ChannelsLast.ImagesToPhysical(x);
        var (b, c) = (x.shape[0], physical.shape[^1]);

        // One statistics row per sample (Image, Joint) or per frame (PerFrame): (rows, positions, G, C/G).
        var rows = mode == NormMode.PerFrame ? b * x.shape[1] : b;
        var (variance, mean) = var_mean(physical.view(rows, -1, groups, c / groups), [1, 3], unbiased: false, keepdim: true);
        var inverse = rsqrt(variance + Epsilon);                                           // (rows, 1, G, 1)
        long[] terms = mode switch { NormMode.Image => [b, c], NormMode.Joint => [b, 1, c], _ => [b, -1, c] };
        var a = inverse.expand(rows, 1, groups, c / groups).reshape(terms);               // (B, [T|1,] C)
        var offset = (mean * inverse).expand(rows, 1, groups, c / groups).reshape(terms).neg();
        if (scale is not null)
        {
            var s = Broadcastable(scale, isVideo, b, c);
            (a, offset) = (a * s, offset * s);
        }

        if (shift is not null)
        {
            offset = offset + Broadcastable(shift, isVideo, b, c);
        }

        // (B, [T|1,] C) → broadcast over the positions of the physical layout.
        Tensor Spread(Tensor t) => isVideo ? t.view(t.shape[0], t.shape[1], 1, 1, c) : t.view(t.shape[0], 1, 1, c);
        var y = addcmul(Spread(offset), physical, Spread(a), 1);
        return (isVideo ? ChannelsLast.FramesFromPhysical(y) : ChannelsLast.ImagesFromPhysical(y)).MoveToOuterDisposeScope();
    }

    /// <summary>(C), (B, C) or (B, T, C) → broadcastable against (B, T|1, C) for video or (B, C) for images.</summary>
    private static Tensor Broadcastable(Tensor perChannel, bool isVideo, long b, long c) => perChannel.dim() switch
    {
        1 => isVideo ? perChannel.view(1, 1, c) : perChannel.view(1, c),
        2 when isVideo => perChannel.view(b, 1, c),
        _ => perChannel,
    };
}
