using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Transformer;

/// <summary>
/// Pre-norm LLaMA block: <c>h = x + attention(attention_norm(x))</c>, <c>out = h + feed_forward(ffn_norm(h))</c>.
/// Field names are the checkpoint's (<c>attention.wqkv</c>, <c>feed_forward.w1</c>, <c>ffn_norm</c>, …).
/// </summary>
public sealed class TransformerBlock : nn.Module
{
    private readonly Attention attention;
    private readonly FeedForward feed_forward;
    private readonly RmsNorm attention_norm;
    private readonly RmsNorm ffn_norm;

    /// <summary>A block of <paramref name="config"/>.</summary>
    public TransformerBlock(TransformerBlockConfig config)
        : base(nameof(TransformerBlock))
    {
        ArgumentNullException.ThrowIfNull(config);
        attention = new Attention(config);
        feed_forward = new FeedForward(config.Dim, config.FfnHidden, config.FfnDropout);
        attention_norm = new RmsNorm(config.Dim, config.NormEps);
        ffn_norm = new RmsNorm(config.Dim, config.NormEps);
        RegisterComponents();
    }

    /// <summary>(B, L, D) → (B, L, D); see <see cref="Attention.Apply"/> for the positions, rotary rows and cache.</summary>
    public Tensor Apply(Tensor input, Tensor freqs, KvCache? cache, long start)
    {
        using var scope = NewDisposeScope();
        var h = input + attention.Apply(attention_norm.call(input), freqs, cache, start);
        return (h + feed_forward.call(ffn_norm.call(h))).MoveToOuterDisposeScope(); // not in place: training needs h
    }
}
