namespace Magvit.Media;

/// <summary>
/// Decoded frames in memory: <see cref="Count"/> frames of <see cref="Height"/> × <see cref="Width"/> RGB24 pixels,
/// frame-major then row-major (the layout of ffmpeg's <c>-f rawvideo -pix_fmt rgb24</c>).
/// </summary>
public sealed class RgbFrames
{
    /// <summary>Wraps <paramref name="data"/>, which must hold exactly count × height × width × 3 bytes.</summary>
    public RgbFrames(int width, int height, int count, byte[] data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (data.LongLength != (long)count * width * height * 3)
        {
            throw new ArgumentException($"Expected {count}×{height}×{width}×3 bytes, got {data.LongLength}.", nameof(data));
        }

        (Width, Height, Count, Data) = (width, height, count, data);
    }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>Number of frames.</summary>
    public int Count { get; }

    /// <summary>Bytes of one frame.</summary>
    public int FrameBytes => Width * Height * 3;

    /// <summary>All frames' bytes.</summary>
    public byte[] Data { get; }

    /// <summary>The bytes of frame <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Frame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Data.AsSpan(index * FrameBytes, FrameBytes);
    }
}
