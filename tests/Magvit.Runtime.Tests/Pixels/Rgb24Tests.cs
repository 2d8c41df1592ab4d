using Magvit.Model.Runtime;
using Magvit.Runtime.Pixels;
using static TorchSharp.torch;

namespace Magvit.Runtime.Tests.Pixels;

public sealed class Rgb24Tests
{
    public Rgb24Tests() => TorchRuntime.Initialize();

    [Fact]
    public void ToPixels_ZeroAnd255_MapToMinusOneAndOne()
    {
        using var scope = NewDisposeScope();
        var pixels = Rgb24.ToPixels([new byte[] { 0, 255, 0, 255, 0, 255 }], 1, 1, 2);

        Assert.Equal([1L, 1, 3, 1, 2], pixels.shape);
        Assert.Equal([-1f, 1f, 1f, -1f, -1f, 1f], pixels.flatten().data<float>().ToArray());
    }

    [Fact]
    public void ToPixels_InterleavedRows_BecomeChannelPlanes()
    {
        using var scope = NewDisposeScope();

        // Two frames of 2×3 pixels; byte value encodes (frame, y, x, channel).
        var rgb = new byte[2 * 2 * 3 * 3];
        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)i;
        }

        var pixels = Rgb24.ToPixels([rgb], 2, 2, 3);                   // (1, T, C, H, W)
        var back = ((pixels + 1) * 127.5).round();

        Assert.Equal([1L, 2, 3, 2, 3], pixels.shape);
        for (var t = 0; t < 2; t++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 2; y++)
                {
                    for (var x = 0; x < 3; x++)
                    {
                        Assert.Equal((((((t * 2) + y) * 3) + x) * 3) + c, back[0, t, c, y, x].item<float>());
                    }
                }
            }
        }
    }

    [Fact]
    public void ToBytes_OfToPixels_IsIdentityForEveryByteValue()
    {
        using var scope = NewDisposeScope();
        var all = Enumerable.Range(0, 256 * 3).Select(i => (byte)(i / 3)).ToArray(); // 256 grey pixels

        var bytes = Rgb24.ToBytes(Rgb24.ToPixels([all], 1, 16, 16));

        Assert.Equal(all, TensorRows.Split<byte>(bytes, all.Length)[0]);
    }

    [Fact]
    public void ToBytes_OutOfRangeAndMidpoints_ClampAndRoundToNearest()
    {
        using var scope = NewDisposeScope();
        var pixels = tensor(new[] { -3f, 3f, 0f, (1f / 127.5f) - 1f, (0.6f / 127.5f) - 1f, (0.4f / 127.5f) - 1f }, [1, 2, 3, 1, 1]);

        var bytes = TensorRows.Split<byte>(Rgb24.ToBytes(pixels), 6)[0];

        // Frame 0 RGB = (−3, 3, 0) → (0, 255, 128: 127.5 ties to even); frame 1 = (1, 0.6 → 1, 0.4 → 0).
        Assert.Equal(new byte[] { 0, 255, 128, 1, 1, 0 }, bytes);
    }
}
