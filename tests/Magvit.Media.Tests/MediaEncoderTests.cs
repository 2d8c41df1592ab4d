namespace Magvit.Media.Tests;

/// <summary>Encoding frames through ffmpeg and decoding the result again.</summary>
public sealed class MediaEncoderTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Write_Mp4_IsH264WithEveryFrameAndDecodesClose()
    {
        var frames = MediaFixtures.Gradient(48, 32, 9);
        var path = directory.File("clip.mp4");

        MediaEncoder.Write(path, frames, new EncodeOptions { FrameRate = 10 });
        var info = MediaProbe.Probe(path);
        var decoded = MediaDecoder.Decode(path, new DecodeOptions { Width = 48, Height = 32, Fit = FrameFit.Stretch });

        Assert.Equal((48, 32, 9, "h264"), (info.Width, info.Height, info.Frames, info.Codec));
        Assert.Equal(10, info.FrameRate, 3);
        Assert.True(MeanAbsoluteError(frames.Data, decoded.Data) < 4, "a smooth gradient at crf 18 decodes within a few levels");
    }

    [Fact]
    public void Write_Mp4OddSize_IsPaddedToEvenSides()
    {
        var path = directory.File("odd.mp4");

        MediaEncoder.Write(path, MediaFixtures.Gradient(35, 21, 2));

        Assert.Equal((36, 22), (MediaProbe.Probe(path).Width, MediaProbe.Probe(path).Height));
    }

    [Fact]
    public void Write_GifScaled_HasEveryFrameAtTheMagnifiedSize()
    {
        var path = directory.File("clip.gif");

        MediaEncoder.Write(path, MediaFixtures.Gradient(16, 12, 5), new EncodeOptions { Scale = 3 });
        var info = MediaProbe.Probe(path);

        Assert.Equal((48, 36, 5, "gif"), (info.Width, info.Height, info.Frames, info.Codec));
    }

    [Fact]
    public void Write_Png_IsAStripOfTheFramesInOneRow()
    {
        var frames = MediaFixtures.Gradient(8, 6, 3);
        var path = directory.File("strip.png");

        MediaEncoder.Write(path, frames);
        var strip = MediaDecoder.Decode(path, new DecodeOptions { Fit = FrameFit.Stretch, Width = 32, Height = 13 });
        var (width, height, rgb) = FrameStrip.Compose([new StripRow(frames)]);

        Assert.Equal((32, 13), (width, height));   // 2 + 3·(8 + 2) wide, 2 + 6 + 3 + 2 high
        Assert.Equal(rgb, strip.Data);
    }

    [Theory]
    [InlineData("clip.avi")]
    [InlineData("clip")]
    public void Write_UnknownExtension_ThrowsNamingTheKnownOnes(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => MediaEncoder.Write(directory.File(name), MediaFixtures.Gradient(8, 8, 1)));

        Assert.Contains(".mp4, .gif, .png", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File(name)));
    }

    [Fact]
    public void Write_BadOptions_Throw()
    {
        Assert.Throws<ArgumentException>(() => MediaEncoder.Write(directory.File("a.mp4"), MediaFixtures.Gradient(8, 8, 1), new EncodeOptions { Scale = 0 }));
        Assert.Throws<ArgumentException>(() => MediaEncoder.Write(directory.File("a.mp4"), MediaFixtures.Gradient(8, 8, 1), new EncodeOptions { FrameRate = 0 }));
    }

    private static double MeanAbsoluteError(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
    }
}
