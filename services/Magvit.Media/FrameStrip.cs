namespace Magvit.Media;

/// <summary>
/// Frames side by side in rows (one row per video: input, reconstruction, …), frame by frame in columns, as one RGB
/// image: cells of the largest frame's size, a gap between cells, a bar beneath each row that marks frames from
/// <see cref="StripRow.MarkFrom"/> on.
/// </summary>
public static class FrameStrip
{
    /// <summary>Pixels between cells and around the image.</summary>
    public const int Gap = 2;

    /// <summary>Height of the marker bar under each row.</summary>
    public const int MarkerHeight = 3;

    private static readonly byte[] Background = [24, 24, 24];
    private static readonly byte[] Marker = [230, 72, 40];

    /// <summary>The strip's size and RGB24 pixels; every frame magnified <paramref name="scale"/> times (nearest neighbour).</summary>
    public static (int Width, int Height, byte[] Rgb) Compose(IReadOnlyList<StripRow> rows, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var cellWidth = rows.Max(r => r.Frames.Width) * scale;
        var cellHeight = rows.Max(r => r.Frames.Height) * scale;
        var columns = Math.Max(1, rows.Max(r => r.Frames.Count));
        var rowHeight = cellHeight + MarkerHeight;
        var width = Gap + (columns * (cellWidth + Gap));
        var height = Gap + (rows.Count * (rowHeight + Gap));
        var rgb = new byte[checked(width * height * 3)];
        Fill(rgb, width, 0, 0, width, height, Background);
        for (var r = 0; r < rows.Count; r++)
        {
            var top = Gap + (r * (rowHeight + Gap));
            var frames = rows[r].Frames;
            for (var c = 0; c < frames.Count; c++)
            {
                var left = Gap + (c * (cellWidth + Gap));
                Blit(rgb, width, left, top, frames.Frame(c), frames.Width, frames.Height, scale);
                if (c >= rows[r].MarkFrom)
                {
                    Fill(rgb, width, left, top + cellHeight + 1, cellWidth, MarkerHeight - 1, Marker);
                }
            }
        }

        return (width, height, rgb);
    }

    /// <summary>Writes the strip of <paramref name="rows"/> as a PNG to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<StripRow> rows, int scale = 1)
    {
        var (width, height, rgb) = Compose(rows, scale);
        PngWriter.Write(path, width, height, rgb);
    }

    private static void Blit(byte[] target, int targetWidth, int left, int top, ReadOnlySpan<byte> frame, int width, int height, int scale)
    {
        for (var y = 0; y < height * scale; y++)
        {
            var source = frame.Slice((y / scale) * width * 3, width * 3);
            var row = target.AsSpan((((top + y) * targetWidth) + left) * 3, width * scale * 3);
            for (var x = 0; x < width * scale; x++)
            {
                source.Slice((x / scale) * 3, 3).CopyTo(row.Slice(x * 3, 3));
            }
        }
    }

    private static void Fill(byte[] target, int targetWidth, int left, int top, int width, int height, byte[] colour)
    {
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                colour.CopyTo(target, ((y * targetWidth) + x) * 3);
            }
        }
    }
}
