using Magvit.Training.Data;
using static TorchSharp.torch;

namespace Magvit.Training.Tests.Data;

public sealed class ValidationSetTests
{
    public ValidationSetTests() => TestSupport.InitTorch();

    [Fact]
    public void Constructor_VideosAndStills_FixedCentredWindowsAndImages()
    {
        var clips = new[]
        {
            new MediaClip("long", TestSupport.Pattern(20, 16, 30), 1),
            new MediaClip("short", TestSupport.Pattern(16, 16, 3), 1),
            new MediaClip("still", TestSupport.Pattern(24, 18, 1), 1),
        };

        var set = new ValidationSet(clips, 16, 5, windowsPerVideo: 3);

        Assert.Equal([0, 12, 25], set.Videos.Where(d => d.Clip == 0).Select(d => d.FrameIndices[0]));
        Assert.Equal([0, 1, 2, 1, 0], set.Videos.Single(d => d.Clip == 1).FrameIndices);   // forth and back
        Assert.All(set.Videos, d => Assert.False(d.Flip));
        Assert.Equal(3, set.Images.Count);
        Assert.Equal((4, 1), (set.Images[2].X, set.Images[2].Y));                       // centred crop of 24×18
        Assert.Equal([15], set.Images[0].FrameIndices);                                  // a video's middle frame
    }

    [Fact]
    public void Batches_Draws_ComeInBatchesOfTheRequestedSize()
    {
        using var scope = NewDisposeScope();
        var set = new ValidationSet([new MediaClip("long", TestSupport.Pattern(16, 16, 30), 1)], 16, 5, windowsPerVideo: 3);

        var sizes = set.Batches(set.Videos, 2).Select(b => b.shape[0]).ToList();

        Assert.Equal([2L, 1], sizes);
    }
}
