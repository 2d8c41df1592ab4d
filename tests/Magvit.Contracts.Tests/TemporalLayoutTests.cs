using Magvit.Contracts.V1;

namespace Magvit.Contracts.Tests;

public sealed class TemporalLayoutTests
{
    private static readonly TokenizerGeometry Causal4 = new() { SpatialFactor = 8, TemporalFactor = 4, FrameRule = FrameRule.Causal };

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(1u, 1u)]
    [InlineData(2u, 5u)]
    [InlineData(3u, 9u)]
    public void FirstFrame_Causal_FrameZeroThenTFramesPerLatentFrame(ulong latentFrame, ulong frame)
        => Assert.Equal(frame, TemporalLayout.FirstFrame(Causal4, latentFrame));

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(1u, 1u)]
    [InlineData(4u, 1u)]
    [InlineData(5u, 2u)]
    [InlineData(8u, 2u)]
    [InlineData(9u, 3u)]
    public void WholeLatentFrames_Causal_CountsOnlyLatentFramesWhoseFramesAllArrived(ulong frames, ulong latentFrames)
        => Assert.Equal(latentFrames, TemporalLayout.WholeLatentFrames(Causal4, frames));

    [Fact]
    public void FirstFrame_Windowed_RestartsTheCausalCountInEveryWindow()
    {
        // 9-frame windows of t = 4: 3 latent frames each, at frames 0, 1, 5 of the window.
        var geometry = new TokenizerGeometry { TemporalFactor = 4, FrameRule = FrameRule.Windowed, WindowFrames = 9 };

        var firsts = Enumerable.Range(0, 7).Select(j => TemporalLayout.FirstFrame(geometry, (ulong)j)).ToArray();

        Assert.Equal(new ulong[] { 0, 1, 5, 9, 10, 14, 18 }, firsts);
        Assert.Equal(4u, TemporalLayout.WholeLatentFrames(geometry, 10));
        Assert.Equal(3u, TemporalLayout.WholeLatentFrames(geometry, 9));
    }

    [Fact]
    public void FirstFrame_Image_OneFramePerLatentFrame()
    {
        var geometry = new TokenizerGeometry { SpatialFactor = 16, TemporalFactor = 1, FrameRule = FrameRule.Image };

        Assert.Equal(7u, TemporalLayout.FirstFrame(geometry, 7));
        Assert.Equal(7u, TemporalLayout.WholeLatentFrames(geometry, 7));
    }

    [Fact]
    public void WholeLatentFrames_InvertsFirstFrame()
    {
        for (ulong j = 0; j < 20; j++)
        {
            Assert.Equal(j, TemporalLayout.WholeLatentFrames(Causal4, TemporalLayout.FirstFrame(Causal4, j)));
        }
    }

    [Theory]
    [InlineData(FrameRule.Unspecified, 4u, 0u)]
    [InlineData(FrameRule.Causal, 0u, 0u)]
    [InlineData(FrameRule.Windowed, 4u, 8u)]
    public void FirstFrame_GeometryThatMapsNoFrames_Throws(FrameRule rule, uint temporalFactor, uint windowFrames)
    {
        var geometry = new TokenizerGeometry { TemporalFactor = temporalFactor, FrameRule = rule, WindowFrames = windowFrames };

        Assert.Throws<ArgumentException>(() => TemporalLayout.FirstFrame(geometry, 1));
    }
}
