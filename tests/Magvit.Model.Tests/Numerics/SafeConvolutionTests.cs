using Magvit.Model.Numerics;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Numerics;

public sealed class SafeConvolutionTests
{
    public SafeConvolutionTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(18, false)]
    [InlineData(20, false)]
    [InlineData(24, false)]
    [InlineData(18, true)]
    [InlineData(20, true)]
    [InlineData(24, true)]
    public void Conv2d_GuardedAtBatch2_EqualsPlainConvPerSampleAndFloat64(long channels, bool channelsLast)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(42);
        var input = randn([2, channels, 12, 12], generator: generator);
        input = channelsLast ? ChannelsLast.Images(input) : input;
        var weight = randn([32, channels, 3, 3], generator: generator) / Math.Sqrt(channels * 9);
        var bias = randn([32], generator: generator);

        var guarded = SafeConvolution.Conv2d(input, weight, bias, 1, 1, padChannels: true);

        // Plain conv2d one sample at a time: right even where oneDNN's batch ≥ 2 kernels are not.
        var perSample = cat(new[] { 0, 1 }.Select(i => SafeConvolution.Conv2d(input.narrow(0, i, 1), weight, bias, 1, 1, padChannels: false)).ToArray(), 0);
        var exact = nn.functional.conv2d(input.to(float64), weight.to(float64), bias.to(float64), padding: [1, 1]);
        var scale = exact.abs().max().item<double>();
        Assert.InRange((guarded - perSample).abs().max().item<float>() / scale, 0, 1e-5);
        Assert.InRange((guarded.to(float64) - exact).abs().max().item<double>() / scale, 0, 1e-5);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(16, false)]
    [InlineData(18, true)]
    [InlineData(54, true)]
    [InlineData(64, false)]
    public void NeedsPadding_PadsOnlyCountsAbove16ThatAreNotMultiplesOf16(long channels, bool expected)
        => Assert.Equal(expected, SafeConvolution.NeedsPadding(channels));

    [Fact]
    public void Conv2d_WhileRecording_NotesTheCallersShapeNotThePaddedOne()
    {
        using var scope = NewDisposeScope();
        using var recorder = ConvRecorder.Start();

        SafeConvolution.Conv2d(zeros(2, 18, 8, 8), zeros(4, 18, 3, 3), null, 2, 1, padChannels: true);

        Assert.Equal([new ConvShape(2, 18, 8, 8, 4, 3, 3, 2, 1)], recorder.Calls);
        Assert.Equal(2.0 * 4 * 4 * 4 * 18 * 9, recorder.MultiplyAccumulates);
    }

    [Fact]
    public void Conv2d_ChannelsLastInput_IsRecordedAsSuch()
    {
        using var scope = NewDisposeScope();
        using var recorder = ConvRecorder.Start();

        SafeConvolution.Conv2d(ChannelsLast.Images(zeros(1, 8, 4, 4)), zeros(4, 8, 3, 3), null, 1, 1);

        Assert.True(Assert.Single(recorder.Calls).ChannelsLast);
    }

    [Fact]
    public void Recorder_AfterDispose_StopsRecording()
    {
        using var scope = NewDisposeScope();
        var recorder = ConvRecorder.Start();
        recorder.Dispose();

        SafeConvolution.Conv2d(zeros(1, 4, 4, 4), zeros(4, 4, 1, 1), null, 1, 0);

        Assert.Empty(recorder.Calls);
    }
}
