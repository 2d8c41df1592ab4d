using Magvit.Model.Tokenizer;

namespace Magvit.Model.Tests.Tokenizer;

public sealed class TokenizerConfigTests
{
    private static readonly TokenizerConfig OpenMagvit2Video = new() { Kind = TokenizerKind.Video, ChannelMultipliers = [1, 2, 2, 4] };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(9, 3)]
    [InlineData(17, 5)]
    [InlineData(16, 4)]
    public void LatentFrames_ReferenceVideoConfig_FollowsHalvingRuleTwice(int frames, int latentFrames)
        => Assert.Equal(latentFrames, OpenMagvit2Video.LatentFrames(frames));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(5, 17)]
    public void DecodedFrames_ReferenceVideoConfig_GivesOnePlusFourK(int latentFrames, int frames)
        => Assert.Equal(frames, OpenMagvit2Video.DecodedFrames(latentFrames));

    [Fact]
    public void Factors_ReferenceVideoConfig_AreEightSpatialFourTemporal()
    {
        Assert.Equal(8, OpenMagvit2Video.SpatialFactor);
        Assert.Equal(4, OpenMagvit2Video.TemporalFactor);
        Assert.False(OpenMagvit2Video.DownsamplesTime(0));
        Assert.True(OpenMagvit2Video.DownsamplesTime(1));
        Assert.True(OpenMagvit2Video.DownsamplesTime(2));
        Assert.False(OpenMagvit2Video.UpsamplesTime(1));
        Assert.True(OpenMagvit2Video.UpsamplesTime(3));
    }

    [Fact]
    public void Factors_ImageConfig_HaveNoTime()
    {
        var image = OpenMagvit2Video with { Kind = TokenizerKind.Image, ChannelMultipliers = [1, 1, 2, 2, 4] };
        Assert.Equal(16, image.SpatialFactor);
        Assert.Equal(1, image.TemporalFactor);
        Assert.False(image.DownsamplesTime(2));
    }

    [Fact]
    public void Validate_ChannelsNotMultipleOfGroups_Throws()
        => Assert.Throws<ArgumentException>(() => (OpenMagvit2Video with { Channels = 48 }).Validate());
}
