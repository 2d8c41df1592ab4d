using Magvit.Training.Metrics;
using static TorchSharp.torch;

namespace Magvit.Training.Tests.Metrics;

public sealed class ImageQualityTests
{
    public ImageQualityTests() => TestSupport.InitTorch();

    [Fact]
    public void PsnrAndSsim_IdenticalImages_AreInfinityAndOne()
    {
        using var scope = NewDisposeScope();
        var x = (rand([2, 3, 32, 32], generator: new Generator(1)) * 255).round();

        var (squares, count) = ImageQuality.SquaredError(x, x);
        var (ssim, cells) = ImageQuality.Ssim(x, x);

        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(squares / count));
        Assert.Equal(1.0, ssim / cells, 12);
    }

    [Fact]
    public void Psnr_CheckerboardNoiseOfTen_IsTwentyEightPointOneThreeDecibels()
    {
        using var scope = NewDisposeScope();
        var reference = full([1, 3, 16, 16], 128.0);
        var sign = (arange(16).unsqueeze(0) + arange(16).unsqueeze(1)).remainder(2) * 2 - 1;   // ±1 checkerboard
        var noisy = reference + (sign * 10).to_type(ScalarType.Float32);

        var (squares, count) = ImageQuality.SquaredError(reference, noisy);

        Assert.Equal(100.0, squares / count, 9);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 100.0), ImageQuality.Psnr(squares / count), 9);   // 28.1308 dB
    }

    [Fact]
    public void Ssim_TwoFlatImages_IsTheLuminanceTerm()
    {
        using var scope = NewDisposeScope();
        var (a, b) = (100.0, 110.0);
        var c1 = Math.Pow(0.01 * 255, 2);

        var (ssim, cells) = ImageQuality.Ssim(full([1, 3, 16, 16], a), full([1, 3, 16, 16], b));

        Assert.Equal(((2 * a * b) + c1) / ((a * a) + (b * b) + c1), ssim / cells, 9);   // σ = 0: contrast term is 1
    }

    [Fact]
    public void ToBytes_PixelRange_MapsToZeroTo255()
    {
        using var scope = NewDisposeScope();
        var bytes = ImageQuality.ToBytes(tensor(new[] { -1.5f, -1f, 1f, 2f }));

        Assert.Equal([0f, 0f, 255f, 255f], bytes.data<float>().ToArray());
    }

    [Fact]
    public void CodebookStatistics_TwoEquallyUsedCodes_PerplexityTwo()
    {
        using var scope = NewDisposeScope();
        var statistics = new CodebookStatistics(1L << 18);

        statistics.Add(tensor(new long[] { 5, 5, 9, 9 }));

        Assert.Equal((4L, 2), (statistics.Tokens, statistics.DistinctCodes));
        Assert.Equal(2.0, statistics.Perplexity, 12);
        Assert.Equal(2.0 / (1 << 18), statistics.Usage, 15);
    }
}
