using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Transformer;

/// <summary>
/// LLaMA's RMSNorm: <c>x · rsqrt(mean(x²) + eps) · weight</c> over the last dimension, normalised in float32 whatever
/// the input type (as Open-MAGVIT2), then cast back before the weight is applied. No bias.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double eps;

    /// <summary>Identity-initialised (weight 1) norm over <paramref name="dim"/> features.</summary>
    public RmsNorm(long dim, double eps)
        : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(dim));
        this.eps = eps;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) // (…, D)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);
        var inverseRms = ((x * x).mean([-1], keepdim: true) + eps).rsqrt(); // (…, 1)
        var normed = (x * inverseRms).to_type(input.dtype);
        return (normed * weight).MoveToOuterDisposeScope();
    }
}
