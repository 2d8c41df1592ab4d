using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// Group normalisation for each <see cref="NormMode"/>, by libtorch's channels-last group_norm kernel on a 4-D view
/// of the channels-last activation: (B, T·H, W, C) for Joint, whose groups then pool over time as the reference's
/// 5-D GroupNorm does; (B·T, H, W, C) for PerFrame; (B, H, W, C) for Image. Per-channel affine terms go into the
/// kernel; per-sample or per-frame ones (AdaGN's) follow in one addcmul.
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
        var (h, w) = (physical.shape[^3], physical.shape[^2]);
        var rows = mode switch
        {
            NormMode.Joint => physical.view(b, -1, w, c),               // (B, T·H, W, C): statistics over time too
            NormMode.PerFrame => physical.view(-1, h, w, c),            // (B·T, H, W, C)
            _ => physical,
        };
        var perChannel = scale is null || scale.dim() == 1;
        var normalized = nn.functional.group_norm(
            ChannelsLast.ImagesFromPhysical(rows), groups, perChannel ? scale : null, perChannel ? shift : null, Epsilon);
        var y = ChannelsLast.ImagesToPhysical(normalized).view(physical.shape);
        if (!perChannel)
        {
            // (B, C) or (B, T, C) → broadcast over positions of (B, [T,] H, W, C).
            Tensor Spread(Tensor t) => isVideo ? t.view(b, t.dim() == 3 ? t.shape[1] : 1, 1, 1, c) : t.view(b, 1, 1, c);
            y = shift is null ? y * Spread(scale!) : addcmul(Spread(shift), y, Spread(scale!), 1);
        }

        return (isVideo ? ChannelsLast.FramesFromPhysical(y) : ChannelsLast.ImagesFromPhysical(y)).MoveToOuterDisposeScope();
    }
}
