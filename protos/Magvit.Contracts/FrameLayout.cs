using Magvit.Contracts.V1;

namespace Magvit.Contracts;

/// <summary>Sizes of frames on the wire: row-major, no padding, frames back to back (frames.proto).</summary>
public static class FrameLayout
{
    /// <summary>Bytes per pixel of <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The format is unspecified or unknown.</exception>
    public static int BytesPerPixel(PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Pixel format must be PIXEL_FORMAT_RGB24."),
    };

    /// <summary>Bytes of one frame: width·height·bytes per pixel.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is 0 or the format is unspecified or unknown.</exception>
    public static long FrameBytes(uint width, uint height, PixelFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfZero(width);
        ArgumentOutOfRangeException.ThrowIfZero(height);
        return (long)width * height * BytesPerPixel(format);
    }

    /// <summary>Bytes of one frame described by <paramref name="header"/>.</summary>
    public static long FrameBytes(FrameHeader header) => FrameBytes(header.Width, header.Height, header.PixelFormat);
}
