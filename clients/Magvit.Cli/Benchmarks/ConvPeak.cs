using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Cli.Benchmarks;

/// <summary>
/// The machine's practical fp32 conv2d ceiling: 128→128 channels, 3×3, 32², batch 4 — small enough to stay in
/// cache, large enough to run at the kernels' best. Measured in both memory layouts; best of a few repetitions.
/// </summary>
internal static class ConvPeak
{
    private const long Batch = 4, Channels = 128, Size = 32, Kernel = 3;

    /// <summary>(NCHW, NHWC) GFLOP/s.</summary>
    public static (double Nchw, double Nhwc) Measure(int repetitions = 20)
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var input = randn(Batch, Channels, Size, Size);
        var weight = randn(Channels, Channels, Kernel, Kernel) / 34.0;
        var channelsLast = input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        return (Best(input, weight, repetitions), Best(channelsLast, weight, repetitions));
    }

    private static double Best(Tensor input, Tensor weight, int repetitions)
    {
        const double flops = 2.0 * Batch * Channels * Channels * Size * Size * Kernel * Kernel;
        var best = double.MaxValue;
        for (var i = 0; i <= repetitions; i++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            nn.functional.conv2d(input, weight, padding: [1, 1]);
            best = i == 0 ? best : Math.Min(best, watch.Elapsed.TotalSeconds); // call 0 builds the oneDNN primitive
        }

        return flops / best / 1e9;
    }
}
