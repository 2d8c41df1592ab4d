using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer.Layers;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Tokenizer;

public sealed class DepthToSpaceTests
{
    [Fact]
    public void Image_SixteenChannels_UsesDcrOrderNotPixelShuffle()
    {
        TorchRuntime.Initialize();
        using var scope = NewDisposeScope();
        var x = arange(16, dtype: float32).view(1, 16, 1, 1);
        var y = DepthToSpace.Image(x);                       // (1, 4, 2, 2)

        // DCR: output (i, j) of channel c' reads channel (i·2 + j)·4 + c'; pixel_shuffle would give [[0,1],[2,3]].
        Assert.Equal([0f, 4f, 8f, 12f], y[0, 0].flatten().data<float>().ToArray());
        Assert.Equal([1f, 5f, 9f, 13f], y[0, 1].flatten().data<float>().ToArray());
    }

    [Fact]
    public void Video_TemporalBlock_ReadsChannelTimeMajorThenRowThenColumn()
    {
        TorchRuntime.Initialize();
        using var scope = NewDisposeScope();
        var x = arange(16, dtype: float32).view(1, 1, 16, 1, 1);  // (B, T, 8·C', H, W) with C' = 2
        var y = DepthToSpace.Video(x, 2);                          // (1, 2, 2, 2, 2)

        Assert.Equal([1L, 2, 2, 2, 2], y.shape);
        for (var it = 0; it < 2; it++)
        {
            for (var ih = 0; ih < 2; ih++)
            {
                for (var iw = 0; iw < 2; iw++)
                {
                    for (var c = 0; c < 2; c++)
                    {
                        var expected = ((((it * 2) + ih) * 2) + iw) * 2 + c;
                        Assert.Equal(expected, y[0, it, c, ih, iw].item<float>());
                    }
                }
            }
        }
    }
}
