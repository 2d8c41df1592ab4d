using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// DCR depth-to-space (not PyTorch's pixel_shuffle order): output (t·2+it, h·2+ih, w·2+iw) of channel c reads input
/// channel ((it·bh + ih)·bw + iw)·C' + c. Works on the channels-last layout: the channel dimension is innermost, so
/// splitting it is a view and the one copy writes the result channels-last.
/// </summary>
public static class DepthToSpace
{
    /// <summary>(B, 4C', H, W) → (B, C', 2H, 2W).</summary>
    public static Tensor Image(Tensor x)
    {
        var (b, c, h, w) = (x.shape[0], x.shape[1] / 4, x.shape[2], x.shape[3]);
        var physical = ChannelsLast.ImagesToPhysical(x).view(b, h, w, 2, 2, c)      // (B, H, W, ih, iw, C')
            .permute(0, 1, 3, 2, 4, 5)                                                // (B, H, ih, W, iw, C')
            .reshape(b, h * 2, w * 2, c);
        return ChannelsLast.ImagesFromPhysical(physical);
    }

    /// <summary>
    /// (B, T, bt·4·C', H, W) → (B, bt·T, C', 2H, 2W) for a temporal block bt of 1 or 2; with
    /// <paramref name="dropFrameOne"/>, output frame 1 is left out (the reference's cut after a temporal ×2).
    /// </summary>
    public static Tensor Video(Tensor x, long blockTime, bool dropFrameOne = false)
    {
        var (b, t, h, w) = (x.shape[0], x.shape[1], x.shape[3], x.shape[4]);
        var c = x.shape[2] / (blockTime * 4);
        var blocks = ChannelsLast.FramesToPhysical(x).view(b, t, h, w, blockTime, 2, 2, c)
            .permute(0, 1, 4, 2, 5, 3, 6, 7);                                          // (B, T, it, H, ih, W, iw, C')
        var frames = t * blockTime;
        if (!dropFrameOne || frames < 2)
        {
            return ChannelsLast.FramesFromPhysical(blocks.reshape(b, frames, h * 2, w * 2, c));
        }

        // Frame 0 is block (0, it 0), frames 1.. are blocks 1.. of T: copied straight into place, once.
        var output = empty([b, frames - 1, h * 2, w * 2, c], x.dtype, x.device);
        output.narrow(1, 0, 1).view(b, h, 2, w, 2, c).copy_(blocks.select(1, 0).select(1, 0));
        output.narrow(1, 1, frames - 2).view(b, t - 1, blockTime, h, 2, w, 2, c).copy_(blocks.narrow(1, 1, t - 1));
        return ChannelsLast.FramesFromPhysical(output);
    }
}
