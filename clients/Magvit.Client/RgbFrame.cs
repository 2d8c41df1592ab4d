namespace Magvit.Client;

/// <summary>
/// One frame as RGB24: <see cref="Width"/>·<see cref="Height"/>·3 bytes, rows top to bottom, channels R, G, B
/// interleaved, 0 … 255. Equality compares sizes and the memory the pixels live in, not their values.
/// </summary>
public sealed record RgbFrame
{
    /// <summary>A frame of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="rgb24"/> does not hold exactly width·height·3 bytes.</exception>
    public RgbFrame(int width, int height, ReadOnlyMemory<byte> rgb24)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (rgb24.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"A {width}×{height} RGB24 frame holds {(long)width * height * 3} bytes, not {rgb24.Length}.", nameof(rgb24));
        }

        (Width, Height, Rgb24) = (width, height, rgb24);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major.</summary>
    public ReadOnlyMemory<byte> Rgb24 { get; }
}
