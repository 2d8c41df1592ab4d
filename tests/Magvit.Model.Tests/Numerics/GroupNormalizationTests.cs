using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Numerics;

/// <summary>The one-pass channels-last group norm against libtorch's group_norm in float64.</summary>
public sealed class GroupNormalizationTests
{
    private const long Groups = 4, Channels = 16;

    public GroupNormalizationTests() => TorchRuntime.Initialize();

    [Fact]
    public void Normalize_Image_EqualsGroupNormWithAffine()
    {
        using var scope = NewDisposeScope();
        var (x, weight, bias) = (randn(3, Channels, 5, 7) * 3 + 1, randn(Channels), randn(Channels));

        var y = GroupNormalization.Normalize(x, Groups, NormMode.Image, weight, bias);

        var expected = nn.functional.group_norm(x.to(float64), Groups, weight.to(float64), bias.to(float64), GroupNormalization.Epsilon);
        AssertClose(expected, y);
    }

    [Fact]
    public void Normalize_Joint_PoolsStatisticsOverTime()
    {
        using var scope = NewDisposeScope();
        var x = randn([2, 3, Channels, 4, 5]) * 2;                                          // (B, T, C, H, W)
        var (weight, bias) = (randn(Channels), randn(Channels));

        var y = GroupNormalization.Normalize(x, Groups, NormMode.Joint, weight, bias);

        // The reference normalises (B, C, T, H, W) as one GroupNorm over C/G × T × H × W.
        var reference = nn.functional.group_norm(x.permute(0, 2, 1, 3, 4).to(float64), Groups, weight.to(float64), bias.to(float64), GroupNormalization.Epsilon);
        AssertClose(reference.permute(0, 2, 1, 3, 4), y);
        Assert.True(y.permute(0, 1, 3, 4, 2).is_contiguous(), "the result stays channels-last");
    }

    [Fact]
    public void Normalize_PerFrameWithPerFrameScaleAndShift_NormalisesEachFrameAlone()
    {
        using var scope = NewDisposeScope();
        var x = randn([2, 3, Channels, 4, 4]) + arange(3).view(1, 3, 1, 1, 1);             // frames with different means
        var (scale, shift) = (randn(2, 3, Channels), randn(2, 3, Channels));             // (B, T, C), as AdaGN's

        var y = GroupNormalization.Normalize(x, Groups, NormMode.PerFrame, scale, shift);

        var frames = nn.functional.group_norm(x.reshape(6, Channels, 4, 4).to(float64), Groups, eps: GroupNormalization.Epsilon).view(2, 3, Channels, 4, 4);
        var expected = (frames * scale.to(float64).view(2, 3, Channels, 1, 1)) + shift.to(float64).view(2, 3, Channels, 1, 1);
        AssertClose(expected, y);
        Assert.True(y.permute(0, 1, 3, 4, 2).is_contiguous(), "the result stays channels-last");
    }

    [Fact]
    public void Normalize_JointWithPerSampleScale_AppliesItToEveryFrame()
    {
        using var scope = NewDisposeScope();
        var x = randn([2, 3, Channels, 4, 4]);
        var (scale, shift) = (randn(2, Channels), randn(2, Channels));                   // (B, C)

        var y = GroupNormalization.Normalize(x, Groups, NormMode.Joint, scale, shift);

        var normalized = GroupNormalization.Normalize(x.to(float64), Groups, NormMode.Joint);
        AssertClose((normalized * scale.to(float64).view(2, 1, Channels, 1, 1)) + shift.to(float64).view(2, 1, Channels, 1, 1), y);
    }

    [Fact]
    public void Normalize_NoFrames_ReturnsTheEmptyInput()
    {
        using var scope = NewDisposeScope();

        var y = GroupNormalization.Normalize(zeros([1, 0, Channels, 4, 4]), Groups, NormMode.PerFrame);

        Assert.Equal([1L, 0, Channels, 4, 4], y.shape);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.InRange((actual.to(float64) - expected).abs().max().item<double>(), 0, 1e-5);
    }
}
