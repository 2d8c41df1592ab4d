using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// Layers keep activations channels-last: logically (B, T, C, H, W) or (B, C, H, W), physically (B, T, H, W, C) or
/// (B, H, W, C). oneDNN convolves that layout in place, where NCHW costs a reorder of input and output on every
/// call (25–40 % of a conv at 128², measured), and elementwise ops keep whatever layout they are given. These
/// helpers move between the logical view and the physical tensor; they copy only when the input is not
/// channels-last already.
/// </summary>
public static class ChannelsLast
{
    /// <summary>(B, T, C, H, W) → contiguous (B, T, H, W, C).</summary>
    public static Tensor FramesToPhysical(Tensor frames) => frames.permute(0, 1, 3, 4, 2).contiguous();

    /// <summary>Contiguous (B, T, H, W, C) → its (B, T, C, H, W) view.</summary>
    public static Tensor FramesFromPhysical(Tensor physical) => physical.permute(0, 1, 4, 2, 3);

    /// <summary>(B, C, H, W) → contiguous (B, H, W, C).</summary>
    public static Tensor ImagesToPhysical(Tensor images) => images.permute(0, 2, 3, 1).contiguous();

    /// <summary>Contiguous (B, H, W, C) → its (B, C, H, W) view.</summary>
    public static Tensor ImagesFromPhysical(Tensor physical) => physical.permute(0, 3, 1, 2);

    /// <summary>(B, C, H, W) in channels-last memory: a view when it already is, else a copy.</summary>
    public static Tensor Images(Tensor images) => ImagesFromPhysical(ImagesToPhysical(images));
}
