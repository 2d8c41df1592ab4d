using System.Diagnostics;
using Magvit.Model.Numerics;
using Magvit.Model.Tokenizer;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Cli.Benchmarks;

/// <summary>
/// Times encode (+ quantize) and decode of one clip of a path under inference mode, one dispose scope per
/// repetition. Random weights: speed does not depend on their values. MACs are the conv layers' as defined
/// (<see cref="ConvRecorder.ModelMultiplyAccumulates"/>, the reference's counting); the AdaGN linears are under
/// 10⁻⁵ of them and not counted.
/// </summary>
internal static class ModelBenchmark
{
    public static PathTiming Run(BenchmarkPath path, int warmups, int repetitions, CausalConvStrategy? strategy = null)
    {
        using var mode = inference_mode();
        manual_seed(0);
        using var model = new MagvitTokenizer(TokenizerPresets.Get(path.Preset));
        foreach (var conv in model.modules().OfType<CausalConv3d>())
        {
            conv.Strategy = strategy ?? conv.Strategy;
        }

        long[] shape = model.Config.IsVideo ? [1, model.Config.InChannels, path.Frames, path.Size, path.Size] : [1, model.Config.InChannels, path.Size, path.Size];
        var (encode, decode) = ((Seconds: double.MaxValue, Cpu: 0.0, Macs: 0.0), (Seconds: double.MaxValue, Cpu: 0.0, Macs: 0.0));
        for (var i = 0; i < warmups + repetitions; i++)
        {
            using var scope = NewDisposeScope();
            var pixels = (rand(shape) * 2) - 1;
            var (quantized, encoded) = Timed(() => model.Quantize(model.EncodeLatent(pixels)));
            var (_, decoded) = Timed(() => model.Decode(quantized));
            if (i >= warmups)
            {
                encode = encoded.Seconds < encode.Seconds ? encoded : encode;
                decode = decoded.Seconds < decode.Seconds ? decoded : decode;
            }
        }

        return new PathTiming(encode.Seconds, encode.Cpu, encode.Macs, decode.Seconds, decode.Cpu, decode.Macs);
    }

    private static (Tensor Result, (double Seconds, double Cpu, double Macs) Cost) Timed(Func<Tensor> work)
    {
        using var recorder = ConvRecorder.Start();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = work();
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, (seconds, (process.TotalProcessorTime - cpu).TotalSeconds, recorder.ModelMultiplyAccumulates));
    }
}
