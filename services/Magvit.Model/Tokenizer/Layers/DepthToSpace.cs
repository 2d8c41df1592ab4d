using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// DCR depth-to-space (not PyTorch's pixel_shuffle order): output (t·2+it, h·2+ih, w·2+iw) of channel c reads input
/// channel ((it·bh + ih)·bw + iw)·C' + c.
/// </summary>
public static class DepthToSpace
{
    /// <summary>(B, 4C', H, W) → (B, C', 2H, 2W).</summary>
    public static Tensor Image(Tensor x)
    {
        var (b, c, h, w) = (x.shape[0], x.shape[1] / 4, x.shape[2], x.shape[3]);
        return x.view(b, 2, 2, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(b, c, h * 2, w * 2);
    }

    /// <summary>(B, T, bt·4·C', H, W) → (B, bt·T, C', 2H, 2W) for a temporal block bt of 1 or 2.</summary>
    public static Tensor Video(Tensor x, long blockTime)
    {
        var (b, t, h, w) = (x.shape[0], x.shape[1], x.shape[3], x.shape[4]);
        var c = x.shape[2] / (blockTime * 4);
        return x.view(b, t, blockTime, 2, 2, c, h, w)
            .permute(0, 1, 2, 5, 6, 3, 7, 4)                 // (B, T, it, C', H, ih, W, iw)
            .reshape(b, t * blockTime, c, h * 2, w * 2);
    }
}
