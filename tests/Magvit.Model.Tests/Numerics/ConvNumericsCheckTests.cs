using Magvit.Model.Numerics;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;

namespace Magvit.Model.Tests.Numerics;

public sealed class ConvNumericsCheckTests
{
    // 4×4 input (2 × SpatialFactor), 2×2 latent; 18 latent channels so the decoder's conv_in meets the guard.
    private static readonly TokenizerConfig TinyImage = new()
    {
        Kind = TokenizerKind.Image, Channels = 32, ChannelMultipliers = [1, 2], ResBlocks = 1, LatentChannels = 18,
    };

    public ConvNumericsCheckTests() => TorchRuntime.Initialize();

    [Fact]
    public void RecordShapes_TinyImageConfig_FindsEveryUniqueConvInCallOrder()
    {
        var shapes = ConvNumericsCheck.RecordShapes(TinyImage);

        ConvShape Conv(long cin, long cout, long size, long kernel = 3, long stride = 1)
            => new(1, cin, size, size, cout, kernel, kernel, stride, kernel / 2, ChannelsLast: true);
        ConvShape[] expected =
        [
            Conv(3, 32, 4),                 // encoder conv_in
            Conv(32, 32, 4),                // down.0 block convs (twice: deduped)
            Conv(32, 32, 4, stride: 2),     // down.0 downsample
            Conv(32, 64, 2), Conv(64, 64, 2), Conv(32, 64, 2, kernel: 1), // down.1 block 32→64 + nin_shortcut
            Conv(64, 18, 2, kernel: 1),     // conv_out (mid_block repeats 64→64)
            Conv(18, 64, 2),                // decoder conv_in
            Conv(64, 256, 2),               // up.1 upsample conv (mid and up.1 blocks repeat 64→64)
            Conv(64, 32, 4), Conv(64, 32, 4, kernel: 1), // up.0 block 64→32 (its conv2 repeats 32→32)
            Conv(32, 3, 4),                 // conv_out
        ];
        Assert.Equal(expected, shapes);
    }

    [Fact]
    public void RecordShapes_TinyVideoConfig_SeesEachTemporalTapAsA2dConv()
    {
        var config = TinyImage with { Kind = TokenizerKind.CausalVideo };

        var shapes = ConvNumericsCheck.RecordShapes(config);

        Assert.Contains(shapes, s => s is { InChannels: 9, OutChannels: 32, KernelHeight: 3 });        // RGB conv_in: 3 taps stacked
        Assert.Contains(shapes, s => s is { InChannels: 18, OutChannels: 64, KernelHeight: 3 });       // decoder conv_in: one conv per tap
        Assert.Contains(shapes, s => s is { InChannels: 64, OutChannels: 18, KernelHeight: 1 });       // 1×1×1: a single tap
        Assert.DoesNotContain(shapes, s => s.InChannels == 3);
    }

    [Fact]
    public void Run_TinyConfig_EveryGuardedShapeMatchesFloat64()
    {
        var report = ConvNumericsCheck.Run(TinyImage, "tiny");

        Assert.Equal(12 * 3, report.Rows.Count);
        Assert.Equal([1L, 2L, 3L], report.Rows.Take(3).Select(r => r.Shape.Batch));
        Assert.True(report.Passed);
        Assert.Equal(0, report.GuardedFailures);
        Assert.All(report.Rows, r => Assert.InRange(r.GuardedError, 0, 1e-5));
    }

    [Fact]
    public void Row_NaNError_CountsAsWrong()
    {
        var row = new ConvNumericsRow(new ConvShape(2, 18, 4, 4, 8, 3, 3, 1, 1), double.NaN, double.NaN, 1e-4);

        Assert.False(row.Passed);
        Assert.True(row.UnguardedFailed);
    }
}
