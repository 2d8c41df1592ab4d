using Magvit.Media;

namespace Magvit.Cli.Media;

/// <summary>RGB PSNR of a reconstruction: 10·log10(255² / MSE), the MSE pooled over every byte of every frame both have.</summary>
internal static class VideoQuality
{
    /// <summary>The PSNR in dB over the first min(count) frames; +∞ for identical frames.</summary>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    public static double Psnr(RgbFrames reference, RgbFrames test)
    {
        if ((reference.Width, reference.Height) != (test.Width, test.Height))
        {
            throw new ArgumentException($"Cannot compare {reference.Width}×{reference.Height} with {test.Width}×{test.Height} frames.", nameof(test));
        }

        var bytes = (long)Math.Min(reference.Count, test.Count) * reference.FrameBytes;
        if (bytes == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (long i = 0; i < bytes; i++)
        {
            double d = reference.Data[i] - test.Data[i];
            sum += d * d;
        }

        var mse = sum / bytes;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
