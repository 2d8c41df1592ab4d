using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// A pre-norm block: x + attn(ln_1(x)), then x + mlp(ln_2(x)) with a GELU MLP. Pre-norm (GPT-2/ViT) rather than
/// BERT's post-norm: the residual path stays an identity, so small models train without a long warm-up.
/// </summary>
internal sealed class MaskedTransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly MaskedSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Linear mlp_fc;
    private readonly Linear mlp_proj;
    private readonly Dropout drop;

    public MaskedTransformerBlock(MaskedTransformerConfig config)
        : base(nameof(MaskedTransformerBlock))
    {
        ln_1 = nn.LayerNorm(config.Dim, config.NormEps);
        attn = new MaskedSelfAttention(config);
        ln_2 = nn.LayerNorm(config.Dim, config.NormEps);
        mlp_fc = nn.Linear(config.Dim, config.MlpHidden);
        mlp_proj = nn.Linear(config.MlpHidden, config.Dim);
        drop = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input + drop.call(attn.call(ln_1.call(input))); // (B, L, D)
        var hidden = nn.functional.gelu(mlp_fc.call(ln_2.call(x))); // (B, L, MlpHidden)
        return (x + drop.call(mlp_proj.call(hidden))).MoveToOuterDisposeScope();
    }
}
