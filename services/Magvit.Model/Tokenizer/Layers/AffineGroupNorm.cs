using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary><c>nn.GroupNorm(32, C, eps=1e-6)</c> with learnt <c>weight</c> and <c>bias</c>, in any <see cref="NormMode"/>.</summary>
public sealed class AffineGroupNorm : FrameModule
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long groups;
    private readonly NormMode mode;

    /// <summary>Identity-initialised, as PyTorch.</summary>
    public AffineGroupNorm(long groups, long channels, NormMode mode)
        : base(nameof(GroupNorm))
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        this.groups = groups;
        this.mode = mode;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream)
        => GroupNormalization.Normalize(input, groups, mode, weight, bias);
}
