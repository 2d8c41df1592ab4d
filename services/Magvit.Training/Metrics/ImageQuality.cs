using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Training.Metrics;

/// <summary>
/// Full-reference quality on 8-bit RGB: PSNR of the pooled MSE (over every pixel, channel and frame, as the data
/// notes compare codecs) and SSIM (Wang et al. 2004: 11×11 Gaussian window, σ 1.5, K1 0.01, K2 0.03, L 255, valid
/// positions only, averaged over channels and frames). Inputs are (N, 3, H, W) tensors of values in [0, 255].
/// </summary>
public static class ImageQuality
{
    private const double Peak = 255.0;

    /// <summary>Sum of squared errors (float64) and the number of values: pool several batches, then <see cref="Psnr"/>.</summary>
    public static (double SumSquares, long Count) SquaredError(Tensor reference, Tensor reconstruction)
    {
        RequireSameShape(reference, reconstruction);
        using var scope = NewDisposeScope();
        var difference = reference.to_type(ScalarType.Float64) - reconstruction.to_type(ScalarType.Float64);
        return (difference.square().sum().item<double>(), reference.numel());
    }

    /// <summary>10·log10(255² / mse); +∞ for identical inputs.</summary>
    public static double Psnr(double mse) => mse <= 0 ? double.PositiveInfinity : 10 * Math.Log10(Peak * Peak / mse);

    /// <summary>
    /// The SSIM map's sum and its number of values, per channel of every image (pool batches, then divide).
    /// Images smaller than the window are compared over their whole extent with a window cropped to fit.
    /// </summary>
    public static (double Sum, long Count) Ssim(Tensor reference, Tensor reconstruction)
    {
        RequireSameShape(reference, reconstruction);
        using var scope = NewDisposeScope();
        var x = reference.to_type(ScalarType.Float64);
        var y = reconstruction.to_type(ScalarType.Float64);
        var channels = x.shape[1];
        var size = (int)Math.Min(11, Math.Min(x.shape[2], x.shape[3]));
        var window = GaussianWindow(size, 1.5, x.device).expand(channels, 1, size, size);
        Tensor Filter(Tensor t) => nn.functional.conv2d(t, window, groups: channels);
        var (mx, my) = (Filter(x), Filter(y));
        var vx = Filter(x * x) - (mx * mx);
        var vy = Filter(y * y) - (my * my);
        var cxy = Filter(x * y) - (mx * my);
        const double c1 = 0.01 * Peak * 0.01 * Peak;
        const double c2 = 0.03 * Peak * 0.03 * Peak;
        var map = ((2 * mx * my) + c1) * ((2 * cxy) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
        return (map.sum().item<double>(), map.numel());
    }

    /// <summary>Pixels in [−1, 1] (any layout) → 8-bit values as a decoder would write them: clamp, scale, round.</summary>
    public static Tensor ToBytes(Tensor pixels) => ((pixels.clamp(-1, 1) + 1) * 127.5).round();

    private static Tensor GaussianWindow(int size, double sigma, Device device)
    {
        var offsets = arange(size, ScalarType.Float64, device) - ((size - 1) / 2.0);
        var g = (-(offsets * offsets) / (2 * sigma * sigma)).exp();
        g /= g.sum();
        return g.outer(g).view(1, 1, size, size);
    }

    private static void RequireSameShape(Tensor reference, Tensor reconstruction)
    {
        if (reference.dim() != 4 || !reference.shape.SequenceEqual(reconstruction.shape))
        {
            throw new ArgumentException(
                $"Expected two (N, C, H, W) tensors of one shape, got [{string.Join(", ", reference.shape)}] and [{string.Join(", ", reconstruction.shape)}].");
        }
    }
}
