namespace Magvit.Media.Tests;

/// <summary>The layout of <see cref="FrameStrip"/>: cells, gaps, magnification and marker bars.</summary>
public sealed class FrameStripTests
{
    [Fact]
    public void Compose_TwoRowsOfDifferentLengths_PlacesEveryFrameInItsCell()
    {
        var top = Solid(4, 4, 3, value: 200);
        var bottom = Solid(4, 4, 2, value: 100);

        var (width, height, rgb) = FrameStrip.Compose([new StripRow(top), new StripRow(bottom)], scale: 2);

        var cell = 8;   // 4 px × 2
        Assert.Equal(2 + (3 * (cell + 2)), width);
        Assert.Equal(2 + (2 * (cell + FrameStrip.MarkerHeight + 2)), height);
        Assert.Equal(200, Pixel(rgb, width, 2 + (2 * (cell + 2)), 2)[0]);          // third frame of the top row
        Assert.Equal(100, Pixel(rgb, width, 2 + cell + 2, 2 + cell + FrameStrip.MarkerHeight + 2)[0]);   // second of the bottom row
        Assert.Equal(24, Pixel(rgb, width, 2 + (2 * (cell + 2)), 2 + cell + FrameStrip.MarkerHeight + 2)[0]);   // the bottom row has no third frame
    }

    [Fact]
    public void Compose_MarkFrom_BarsOnlyTheMarkedFrames()
    {
        var (width, _, rgb) = FrameStrip.Compose([new StripRow(Solid(4, 4, 3, value: 50)) { MarkFrom = 1 }]);

        var barY = 2 + 4 + 1;
        Assert.Equal(24, Pixel(rgb, width, 2, barY)[0]);
        Assert.Equal(230, Pixel(rgb, width, 2 + 6, barY)[0]);
        Assert.Equal(230, Pixel(rgb, width, 2 + 12, barY)[0]);
    }

    [Fact]
    public void Compose_Scale_RepeatsEachPixel()
    {
        var frames = MediaFixtures.Gradient(3, 2, 1);

        var (width, _, rgb) = FrameStrip.Compose([new StripRow(frames)], scale: 3);

        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 9; x++)
            {
                var source = frames.Frame(0).Slice((((y / 3) * 3) + (x / 3)) * 3, 3).ToArray();
                Assert.Equal(source, Pixel(rgb, width, 2 + x, 2 + y));
            }
        }
    }

    private static byte[] Pixel(byte[] rgb, int width, int x, int y) => rgb.AsSpan(((y * width) + x) * 3, 3).ToArray();

    private static RgbFrames Solid(int width, int height, int count, byte value)
    {
        var data = new byte[count * width * height * 3];
        Array.Fill(data, value);
        return new RgbFrames(width, height, count, data);
    }
}
