using Magvit.Media;

namespace Magvit.Media.Tests;

/// <summary>Tiny media made by ffmpeg's lavfi test sources (scripts/install-test-deps.sh installs ffmpeg).</summary>
public sealed class MediaDecoderTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly string clip;

    public MediaDecoderTests()
    {
        clip = directory.File("clip.mkv");
        MediaFixtures.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x72:rate=10:duration=0.9", "-c:v", "ffv1", clip);
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Probe_LosslessClip_ReportsSizeFramesAndRate()
    {
        var info = MediaProbe.Probe(clip);

        Assert.Equal((96, 72, 9, "ffv1"), (info.Width, info.Height, info.Frames, info.Codec));
        Assert.Equal(10, info.FrameRate, 6);
    }

    [Fact]
    public void Decode_SquareCropAndShortSide_GiveTheRequestedSizes()
    {
        var square = MediaDecoder.Decode(clip, new DecodeOptions { Size = 32 });
        var shortSide = MediaDecoder.Decode(clip, new DecodeOptions { Size = 32, Fit = FrameFit.ShortSide });

        Assert.Equal((32, 32, 9), (square.Width, square.Height, square.Count));
        Assert.Equal((43, 32, 9), (shortSide.Width, shortSide.Height, shortSide.Count));   // 96·32/72 = 42.7
    }

    [Fact]
    public void Decode_CoverContainStretch_GiveTheTargetSize()
    {
        var cover = MediaDecoder.Decode(clip, new DecodeOptions { Width = 40, Height = 20, Fit = FrameFit.Cover });
        var contain = MediaDecoder.Decode(clip, new DecodeOptions { Size = 40, Fit = FrameFit.Contain });
        var stretch = MediaDecoder.Decode(clip, new DecodeOptions { Width = 20, Height = 30, Fit = FrameFit.Stretch });

        Assert.Equal((40, 20, 9), (cover.Width, cover.Height, cover.Count));
        Assert.Equal((40, 40, 9), (contain.Width, contain.Height, contain.Count));
        Assert.Equal((20, 30, 9), (stretch.Width, stretch.Height, stretch.Count));
        Assert.All(contain.Frame(0)[..(40 * 4 * 3)].ToArray(), b => Assert.Equal(0, b));   // 4:3 in a square: 5 black rows on top
        Assert.Contains(contain.Frame(0)[(40 * 20 * 3)..(40 * 21 * 3)].ToArray(), b => b > 0);
    }

    [Fact]
    public void Decode_CoverSquare_EqualsTheSquareCrop()
    {
        var cover = MediaDecoder.Decode(clip, new DecodeOptions { Size = 24, Fit = FrameFit.Cover });
        var square = MediaDecoder.Decode(clip, new DecodeOptions { Size = 24 });

        Assert.Equal(square.Data, cover.Data);
    }

    [Fact]
    public void Decode_StartAndMaxFrames_TrimTheClip()
    {
        var all = MediaDecoder.Decode(clip, new DecodeOptions { Size = 16 });
        var part = MediaDecoder.Decode(clip, new DecodeOptions { Size = 16, StartFrame = 2, MaxFrames = 3 });

        Assert.Equal(3, part.Count);
        Assert.True(all.Frame(2).SequenceEqual(part.Frame(0)) && all.Frame(4).SequenceEqual(part.Frame(2)));
    }

    [Fact]
    public void Decode_LowerFrameRate_DropsFrames()
    {
        var half = MediaDecoder.Decode(clip, new DecodeOptions { Size = 16, FrameRate = 5 });

        Assert.InRange(half.Count, 4, 5);
    }

    [Fact]
    public void Decode_ImageSequenceGlob_ReadsTheFramesInNameOrder()
    {
        MediaFixtures.Ffmpeg("-i", clip, "-frames:v", "4", directory.File("frame_%03d.png"));

        var frames = MediaDecoder.Decode(directory.File("frame_*.png"), new DecodeOptions { Size = 16 }, isGlob: true);
        var third = MediaDecoder.Decode(directory.File("frame_003.png"), new DecodeOptions { Size = 16 });

        Assert.Equal(4, frames.Count);
        Assert.True(frames.Frame(2).SequenceEqual(third.Frame(0)));
        Assert.False(frames.Frame(1).SequenceEqual(third.Frame(0)));
    }

    [Fact]
    public void PngWriter_Gradient_DecodesToTheSameBytes()
    {
        var rgb = new byte[24 * 24 * 3];
        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)((i * 37) % 251);
        }

        var path = directory.File("gradient.png");
        PngWriter.Write(path, 24, 24, rgb);
        var decoded = MediaDecoder.Decode(path, new DecodeOptions { Size = 24 });

        Assert.Equal(rgb, decoded.Data);
    }

    [Fact]
    public void Decode_MissingOrBrokenFile_ThrowsNamingTheFile()
    {
        Assert.Throws<FileNotFoundException>(() => MediaDecoder.Decode(directory.File("none.mp4"), new DecodeOptions()));
        File.WriteAllText(directory.File("broken.mp4"), "not a video");

        var error = Assert.Throws<MediaException>(() => MediaDecoder.Decode(directory.File("broken.mp4"), new DecodeOptions()));

        Assert.Contains("broken.mp4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_FfmpegNotOnPath_SaysHowToInstallIt()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", directory.Path);
            Assert.False(FfmpegTools.IsAvailable);

            var error = Assert.Throws<MediaToolMissingException>(() => MediaDecoder.Decode(clip, new DecodeOptions { Fit = FrameFit.ShortSide }));

            Assert.Contains("scripts/install-test-deps.sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}
