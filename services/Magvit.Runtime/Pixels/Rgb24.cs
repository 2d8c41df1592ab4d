using static TorchSharp.torch;

namespace Magvit.Runtime.Pixels;

/// <summary>
/// RGB24 bytes ↔ model pixels, as the reference converts them: x/127.5 − 1 in, and back clamp to [−1, 1],
/// (y + 1)·127.5 rounded to nearest (ties to even). One memory copy each way; the rest is tensor ops.
/// </summary>
internal static class Rgb24
{
    /// <summary>Bytes per pixel.</summary>
    public const int Channels = 3;

    /// <summary>
    /// Rows of <paramref name="frames"/> whole frames each (H, W, 3 interleaved, row-major) → (N, T, 3, H, W) float32
    /// in [−1, 1], N = rows.Count.
    /// </summary>
    public static Tensor ToPixels(IReadOnlyList<ReadOnlyMemory<byte>> rows, long frames, long height, long width)
        => TensorRows.Stack(rows, [frames, height, width, Channels], ScalarType.Byte)     // (N, T, H, W, 3)
            .permute(0, 1, 4, 2, 3).to_type(ScalarType.Float32).div_(127.5).sub_(1).contiguous();

    /// <summary>(N, T, 3, H, W) pixels → (N, T, H, W, 3) contiguous bytes.</summary>
    public static Tensor ToBytes(Tensor pixels)
        => pixels.clamp(-1, 1).add(1).mul_(127.5).round_().to_type(ScalarType.Byte).permute(0, 1, 3, 4, 2).contiguous();
}
