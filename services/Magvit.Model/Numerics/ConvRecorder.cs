namespace Magvit.Model.Numerics;

/// <summary>
/// Collects the shape of every convolution that <see cref="SafeConvolution"/> runs on the current thread while the
/// recorder is open: the numerics check replays them, the benchmark sums their MACs. When none is open (always, in
/// serving) the cost is one thread-static null check per conv.
/// </summary>
public sealed class ConvRecorder : IDisposable
{
    [ThreadStatic]
    private static ConvRecorder? current;

    private readonly List<ConvShape> calls = [];
    private readonly ConvRecorder? outer;
    private bool disposed;

    private ConvRecorder(ConvRecorder? outer) => this.outer = outer;

    /// <summary>Every call since <see cref="Start"/>, in order, repeats included.</summary>
    public IReadOnlyList<ConvShape> Calls => calls;

    /// <summary>Total multiply-accumulates of the recorded calls.</summary>
    public double MultiplyAccumulates => calls.Sum(c => c.MultiplyAccumulates);

    /// <summary>
    /// Multiply-accumulates of the model's conv layers as defined — a causal 3-D conv counts its zero padding frames,
    /// as the reference's MAC counts do — whatever calls computed them (a tap sum skips the zero frames).
    /// </summary>
    public double ModelMultiplyAccumulates { get; private set; }

    /// <summary>Starts recording this thread's convs until the returned recorder is disposed (nesting restores the outer one).</summary>
    public static ConvRecorder Start() => current = new ConvRecorder(current);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!disposed && ReferenceEquals(current, this))
        {
            current = outer;
        }

        disposed = true;
    }

    /// <summary>Notes a conv layer's defined cost: output positions × output channels × input channels × kernel volume.</summary>
    internal static void RecordLayer(double multiplyAccumulates)
    {
        if (current is not null)
        {
            current.ModelMultiplyAccumulates += multiplyAccumulates;
        }
    }

    /// <summary>Notes a conv2d of <paramref name="input"/> (N, C, H, W) with <paramref name="weight"/> (O, C, kh, kw).</summary>
    internal static void Record(TorchSharp.torch.Tensor input, TorchSharp.torch.Tensor weight, long stride, long padding)
    {
        if (current is null)
        {
            return;
        }

        var (x, w) = (input.shape, weight.shape);
        var channelsLast = input.permute(0, 2, 3, 1).is_contiguous();
        current.calls.Add(new ConvShape(x[0], x[1], x[2], x[3], w[0], w[2], w[3], stride, padding, channelsLast));
    }
}
