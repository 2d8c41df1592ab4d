using Magvit.Training.Data;
using static TorchSharp.torch;

namespace Magvit.Training.Tests.Data;

public sealed class ClipSamplerTests
{
    public ClipSamplerTests() => TestSupport.InitTorch();

    private static IReadOnlyList<MediaClip> Clips => TestSupport.SyntheticData().Train;

    [Fact]
    public void Next_Batch_HasFramesLayoutAndPixelRange()
    {
        using var scope = NewDisposeScope();
        var sampler = new ClipSampler(Clips, 16, 1);

        var batch = sampler.Next(3, 5);

        Assert.Equal([3L, 5, 3, 16, 16], batch.shape);
        Assert.True(batch.min().item<float>() >= -1 && batch.max().item<float>() <= 1);
    }

    [Fact]
    public void Next_SameSeed_SameBatches_OtherSeed_Others()
    {
        using var scope = NewDisposeScope();
        var (a, b, c) = (new ClipSampler(Clips, 16, 42), new ClipSampler(Clips, 16, 42), new ClipSampler(Clips, 16, 43));

        for (var i = 0; i < 3; i++)
        {
            Assert.True(a.Next(2, 5).equal(b.Next(2, 5)).all().item<bool>());
        }

        Assert.False(a.Next(4, 5).equal(c.Next(4, 5)).all().item<bool>());
    }

    [Fact]
    public void State_SavedAndRestored_ReplaysTheSameDraws()
    {
        var sampler = new ClipSampler(Clips, 16, 9);
        sampler.Draw(5);
        var saved = sampler.State;
        var expected = Enumerable.Range(0, 5).Select(_ => sampler.Draw(1)).ToList();

        var other = new ClipSampler(Clips, 16, 1234) { State = saved };

        foreach (var draw in expected)
        {
            var actual = other.Draw(1);
            Assert.Equal((draw.Clip, draw.X, draw.Y, draw.Flip), (actual.Clip, actual.X, actual.Y, actual.Flip));
            Assert.Equal(draw.FrameIndices, actual.FrameIndices);
        }
    }

    [Fact]
    public void Draw_ManyDraws_CropsAndFramesStayInBoundsAndVideosNeverUseStills()
    {
        var clips = Clips;
        var sampler = new ClipSampler(clips, 16, 3);
        var flips = 0;
        for (var i = 0; i < 500; i++)
        {
            var frames = i % 2 == 0 ? 1 : 9;    // pattern-b has 7 frames: 9-frame clips of it play forth and back
            var draw = sampler.Draw(frames);
            var clip = clips[draw.Clip].Frames;

            Assert.Equal(frames, draw.FrameIndices.Count);
            Assert.InRange(draw.X, 0, clip.Width - 16);
            Assert.InRange(draw.Y, 0, clip.Height - 16);
            Assert.All(draw.FrameIndices, f => Assert.InRange(f, 0, clip.Count - 1));
            Assert.All(draw.FrameIndices.Zip(draw.FrameIndices.Skip(1)), p => Assert.Equal(1, Math.Abs(p.First - p.Second)));
            if (frames > 1)
            {
                Assert.False(clips[draw.Clip].IsStill);
            }

            flips += draw.Flip ? 1 : 0;
        }

        Assert.InRange(flips, 200, 300);
    }

    [Fact]
    public void Render_Flip_MirrorsTheCropLeftToRight()
    {
        using var scope = NewDisposeScope();
        var clips = Clips;
        var plain = ClipRenderer.Render(clips, [new ClipDraw(0, [2, 3], 5, 2, false)], 16);
        var mirrored = ClipRenderer.Render(clips, [new ClipDraw(0, [2, 3], 5, 2, true)], 16);

        Assert.True(mirrored.equal(plain.flip(-1)).all().item<bool>());
        Assert.False(mirrored.equal(plain).all().item<bool>());
    }

    [Fact]
    public void Render_KnownPixel_MapsBytesToMinusOneToOne()
    {
        using var scope = NewDisposeScope();
        var frames = TestSupport.Pattern(20, 20, 2);
        var clips = new[] { new MediaClip("p", frames, 1) };

        var pixels = ClipRenderer.Render(clips, [new ClipDraw(0, [1], 3, 4, false)], 16);   // (1, 1, 3, 16, 16)

        var source = frames.Frame(1);
        var at = ((4 + 6) * 20 + 3 + 5) * 3;                                                 // crop pixel (y 6, x 5)
        Assert.Equal((source[at + 1] / 127.5f) - 1f, pixels[0, 0, 1, 6, 5].item<float>(), 6);
    }

    [Fact]
    public void Constructor_ClipSmallerThanTheCrop_Throws()
    {
        var clips = new[] { new MediaClip("small", TestSupport.Pattern(12, 30, 1), 1) };
        Assert.Throws<ArgumentException>(() => new ClipSampler(clips, 16, 0));
    }

    [Fact]
    public void Draw_StillsOnly_RefusesVideoClips()
    {
        var sampler = new ClipSampler([new MediaClip("still", TestSupport.Pattern(16, 16, 1), 1)], 16, 0);
        Assert.False(sampler.HasVideo);
        Assert.Throws<InvalidOperationException>(() => sampler.Draw(5));
    }
}
