using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Transformer;

/// <summary>SwiGLU feed-forward <c>w2(silu(w1 x) · w3 x)</c>, all projections without bias (LLaMA / Open-MAGVIT2).</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear w1;
    private readonly Linear w3;
    private readonly Linear w2;
    private readonly double dropout;

    /// <summary>A block of width <paramref name="dim"/> with <paramref name="hidden"/> gated units.</summary>
    public FeedForward(long dim, long hidden, double dropout)
        : base(nameof(FeedForward))
    {
        w1 = nn.Linear(dim, hidden, hasBias: false);
        w3 = nn.Linear(dim, hidden, hasBias: false);
        w2 = nn.Linear(hidden, dim, hasBias: false);
        this.dropout = dropout;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) // (…, D)
    {
        using var scope = NewDisposeScope();
        var gated = nn.functional.silu(w1.call(input)) * w3.call(input); // (…, hidden)
        var output = w2.call(gated);
        if (training && dropout > 0)
        {
            output = nn.functional.dropout(output, dropout, training: true);
        }

        return output.MoveToOuterDisposeScope();
    }
}
