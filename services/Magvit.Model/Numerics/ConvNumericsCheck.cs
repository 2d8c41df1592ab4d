using Magvit.Model.Tokenizer;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Numerics;

/// <summary>
/// Verifies on this machine every conv shape a tokenizer config uses: records the 2-D convs of one encode + decode
/// at a small input, then replays each unique shape at a few batch sizes in fp32, guarded and unguarded, against
/// float64. Catches silent backend defects such as oneDNN's wrong fp32 conv2d for 18/20/24 input channels.
/// </summary>
public static class ConvNumericsCheck
{
    /// <summary>Checks <paramref name="config"/>; <paramref name="name"/> labels the report.</summary>
    public static ConvNumericsReport Run(TokenizerConfig config, string name, ConvNumericsOptions? options = null)
    {
        options ??= new ConvNumericsOptions();
        var shapes = RecordShapes(config, options);
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)options.Seed);
        var rows = new List<ConvNumericsRow>();
        foreach (var shape in shapes)
        {
            foreach (var batch in options.Batches)
            {
                rows.Add(Compare(shape.WithBatch(batch), generator, options.Tolerance));
            }
        }

        return new ConvNumericsReport(name, rows);
    }

    /// <summary>
    /// The unique conv shapes (at batch 1, in first-call order) of one encode + quantize + decode of a randomly
    /// initialised <paramref name="config"/> model.
    /// </summary>
    public static IReadOnlyList<ConvShape> RecordShapes(TokenizerConfig config, ConvNumericsOptions? options = null)
    {
        options ??= new ConvNumericsOptions();
        var size = options.Size > 0 ? options.Size : 2 * config.SpatialFactor;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        manual_seed(options.Seed);
        using var model = new MagvitTokenizer(config);
        long[] inputShape = config.IsVideo ? [1, config.InChannels, options.Frames, size, size] : [1, config.InChannels, size, size];
        using var recorder = ConvRecorder.Start();
        model.Decode(model.Quantize(model.EncodeLatent(rand(inputShape) * 2 - 1)));
        return recorder.Calls.Select(c => c.WithBatch(1)).Distinct().ToList();
    }

    private static ConvNumericsRow Compare(ConvShape shape, Generator generator, double tolerance)
    {
        using var scope = NewDisposeScope();
        var input = randn([shape.Batch, shape.InChannels, shape.Height, shape.Width], generator: generator);
        input = shape.ChannelsLast ? ChannelsLast.Images(input) : input;                  // the layout the model ran
        var fanIn = shape.InChannels * shape.KernelHeight * shape.KernelWidth;
        var weight = randn([shape.OutChannels, shape.InChannels, shape.KernelHeight, shape.KernelWidth], generator: generator) / Math.Sqrt(fanIn);
        var exact = nn.functional.conv2d(input.to(float64), weight.to(float64), strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding]);
        var scale = exact.abs().max().item<double>();
        double RelativeError(bool guard)
            => (SafeConvolution.Conv2d(input, weight, null, shape.Stride, shape.Padding, guard).to(float64) - exact).abs().max().item<double>() / scale;
        return new ConvNumericsRow(shape, RelativeError(guard: true), RelativeError(guard: false), tolerance);
    }
}
