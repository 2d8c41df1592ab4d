using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Numerics;

public sealed class CausalConv3dTests
{
    public CausalConv3dTests() => TorchRuntime.Initialize();

    public static TheoryData<long, long, long, CausalConvStrategy> KernelsStridesAndStrategies()
    {
        var data = new TheoryData<long, long, long, CausalConvStrategy>();
        foreach (var strategy in Enum.GetValues<CausalConvStrategy>())
        {
            foreach (var (kernel, strideTime, strideSpace) in new[] { (1L, 1L, 1L), (1, 1, 2), (1, 2, 2), (3, 1, 1), (3, 1, 2), (3, 2, 2) })
            {
                data.Add(kernel, strideTime, strideSpace, strategy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsStridesAndStrategies))]
    public void Apply_WholeClip_EqualsZeroPaddedConv3d(long kernel, long strideTime, long strideSpace, CausalConvStrategy strategy)
    {
        using var scope = NewDisposeScope();
        using var conv = new CausalConv3d(5, 6, kernel, strideTime, strideSpace) { Strategy = strategy };
        var frames = randn([2, 7, 5, 9, 9]);                                       // (B, T, C, H, W), odd sizes on purpose

        var y = conv.Apply(frames, null);

        var expected = Reference(conv, frames, kernel, strideTime, strideSpace);
        Assert.Equal(expected.shape, y.shape);
        Assert.True(y.permute(0, 1, 3, 4, 2).is_contiguous(), "the result is channels-last");
        Assert.InRange(RelativeError(y, expected), 0, 1e-5);
    }

    // Kernel 1 with time stride 2 is left out: no config has it, and the carried frames cannot hold a skip phase
    // when a chunk ends between two strided frames.
    [Theory]
    [InlineData(1, 1, 1, CausalConvStrategy.StackedTaps)]
    [InlineData(1, 1, 2, CausalConvStrategy.StackedTaps)]
    [InlineData(3, 1, 1, CausalConvStrategy.StackedTaps)]
    [InlineData(3, 1, 2, CausalConvStrategy.StackedTaps)]
    [InlineData(3, 2, 2, CausalConvStrategy.StackedTaps)]
    [InlineData(3, 1, 1, CausalConvStrategy.TapSum)]
    [InlineData(3, 2, 2, CausalConvStrategy.TapSum)]
    public void Apply_InChunksWithStreamState_EqualsWholeClip(long kernel, long strideTime, long strideSpace, CausalConvStrategy strategy)
    {
        using var scope = NewDisposeScope();
        using var conv = new CausalConv3d(4, 4, kernel, strideTime, strideSpace) { Strategy = strategy };
        var frames = randn([1, 9, 4, 8, 8]);
        using var state = new StreamState();

        var chunks = new[] { (0L, 1L), (1L, 3L), (3L, 4L), (4L, 9L) }
            .Select(c => conv.Apply(frames.narrow(1, c.Item1, c.Item2 - c.Item1), state)).ToArray();

        var whole = conv.Apply(frames, null);
        Assert.InRange(RelativeError(cat(chunks, 1), whole.to(float64)), 0, 1e-6);
        Assert.True(state.HeldFrames <= kernel - 1 + strideTime - 1);
    }

    [Fact]
    public void Apply_ChannelsLastAndContiguousInput_GiveTheSameResult()
    {
        using var scope = NewDisposeScope();
        using var conv = new CausalConv3d(8, 8, 3);
        var frames = randn([1, 5, 8, 6, 6]);

        var fromContiguous = conv.Apply(frames, null);
        var fromChannelsLast = conv.Apply(ChannelsLast.FramesFromPhysical(ChannelsLast.FramesToPhysical(frames)), null);

        Assert.Equal(0f, (fromContiguous - fromChannelsLast).abs().max().item<float>());
    }

    [Fact]
    public void Apply_TapSumWhileRecording_CountsTheDefinedMacsButRunsFewer()
    {
        using var scope = NewDisposeScope();
        using var conv = new CausalConv3d(16, 8, 3) { Strategy = CausalConvStrategy.TapSum };
        using var recorder = Magvit.Model.Numerics.ConvRecorder.Start();

        conv.Apply(randn([1, 5, 16, 4, 4]), null);

        // 5 output frames × 4×4 × 8 × 16 × 27, zero frames included; the sum skips 3 of the 15 frame-taps.
        Assert.Equal(5.0 * 16 * 8 * 16 * 27, recorder.ModelMultiplyAccumulates);
        Assert.Equal(12.0 * 16 * 8 * 16 * 9, recorder.MultiplyAccumulates);
        Assert.Equal(3, recorder.Calls.Count);
    }

    /// <summary>Open-MAGVIT2's ConvBlock3D in float64: F.pad (W, W, H, H, k_t − 1, 0) with zeros, then conv3d.</summary>
    private static Tensor Reference(CausalConv3d conv, Tensor frames, long kernel, long strideTime, long strideSpace)
    {
        var parameters = conv.state_dict();
        var p = kernel / 2;
        var padded = nn.functional.pad(frames.permute(0, 2, 1, 3, 4).to(float64), [p, p, p, p, kernel - 1, 0]);
        var y = nn.functional.conv3d(
            padded, parameters["conv_1.weight"].to(float64), parameters["conv_1.bias"].to(float64), strides: [strideTime, strideSpace, strideSpace]);
        return y.permute(0, 2, 1, 3, 4);
    }

    private static double RelativeError(Tensor actual, Tensor expected)
        => (actual.to(float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();
}
