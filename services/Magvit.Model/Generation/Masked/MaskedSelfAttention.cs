using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// Bidirectional multi-head self-attention: a fused <c>qkv</c> projection, <c>scaled_dot_product_attention</c>
/// without a mask (every position sees every other, the condition token included), then <c>proj</c>.
/// </summary>
internal sealed class MaskedSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly long heads;
    private readonly double dropout;

    public MaskedSelfAttention(MaskedTransformerConfig config)
        : base(nameof(MaskedSelfAttention))
    {
        qkv = nn.Linear(config.Dim, 3L * config.Dim);
        proj = nn.Linear(config.Dim, config.Dim);
        heads = config.Heads;
        dropout = config.Dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (batch, length, dim) = (input.shape[0], input.shape[1], input.shape[2]);
        var split = qkv.call(input).view(batch, length, 3, heads, dim / heads).permute(2, 0, 3, 1, 4); // (3, B, h, L, d)
        var attended = nn.functional.scaled_dot_product_attention(split[0], split[1], split[2], p: training ? dropout : 0.0); // (B, h, L, d)
        var merged = attended.transpose(1, 2).reshape(batch, length, dim); // (B, L, D)
        return proj.call(merged).MoveToOuterDisposeScope();
    }
}
