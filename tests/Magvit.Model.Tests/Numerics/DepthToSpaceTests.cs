using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Numerics;

/// <summary>The channels-last depth-to-space against the DCR definition written on contiguous tensors.</summary>
public sealed class DepthToSpaceTests
{
    public DepthToSpaceTests() => TorchRuntime.Initialize();

    [Fact]
    public void Image_ChannelsLast_MatchesDcrOrder()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 12, 3, 5);

        var y = DepthToSpace.Image(ChannelsLast.Images(x));

        // DCR: output (c, 2h + i, 2w + j) = input ((i·2 + j)·C' + c, h, w).
        var expected = x.view(2, 2, 2, 3, 3, 5).permute(0, 3, 4, 1, 5, 2).reshape(2, 3, 6, 10);
        Assert.Equal(0f, (y - expected).abs().max().item<float>());
    }

    [Theory]
    [InlineData(1, 3, false)]
    [InlineData(2, 3, false)]
    [InlineData(2, 3, true)]
    [InlineData(2, 1, true)]
    public void Video_ChannelsLast_MatchesDcrOrderAndTheFrameOneCut(long blockTime, long frames, bool dropFrameOne)
    {
        using var scope = NewDisposeScope();
        var x = randn([2, frames, blockTime * 4 * 3, 4, 5]);                              // (B, T, bt·4·C', H, W)

        var y = DepthToSpace.Video(ChannelsLast.FramesFromPhysical(ChannelsLast.FramesToPhysical(x)), blockTime, dropFrameOne);

        var expected = x.view(2, frames, blockTime, 2, 2, 3, 4, 5).permute(0, 1, 2, 5, 6, 3, 7, 4).reshape(2, frames * blockTime, 3, 8, 10);
        if (dropFrameOne)
        {
            expected = cat([expected.narrow(1, 0, 1), expected.narrow(1, 2, expected.shape[1] - 2)], 1);
        }

        Assert.Equal(expected.shape, y.shape);
        Assert.Equal(0f, (y - expected).abs().max().item<float>());
    }
}
