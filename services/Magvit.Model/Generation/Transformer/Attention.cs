using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Transformer;

/// <summary>
/// Causal multi-head self-attention with a fused, bias-free <c>wqkv</c> projection, rotary positions on q and k, and
/// an optional <see cref="KvCache"/>; then the bias-free output projection <c>wo</c>. Scores are q·k/√Dh.
/// </summary>
public sealed class Attention : nn.Module
{
    private readonly Linear wqkv;
    private readonly Linear wo;
    private readonly int dim;
    private readonly int heads;
    private readonly double attentionDropout;
    private readonly double residualDropout;

    /// <summary>Attention of <paramref name="config"/>'s width and heads.</summary>
    public Attention(TransformerBlockConfig config)
        : base(nameof(Attention))
    {
        ArgumentNullException.ThrowIfNull(config);
        dim = config.Dim;
        heads = config.Heads;
        attentionDropout = config.AttentionDropout;
        residualDropout = config.ResidualDropout;
        wqkv = nn.Linear(dim, 3L * dim, hasBias: false);
        wo = nn.Linear(dim, dim, hasBias: false);
        RegisterComponents();
    }

    /// <summary>
    /// Attends positions [<paramref name="start"/>, start + L) of <paramref name="input"/> (B, L, D) to themselves and,
    /// through <paramref name="cache"/>, to every earlier position. <paramref name="freqs"/> (L, Dh/2, 2) holds the
    /// rotary cos/sin of those positions. Without a cache <paramref name="start"/> must be 0.
    /// </summary>
    public Tensor Apply(Tensor input, Tensor freqs, KvCache? cache, long start)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (input.shape[0], input.shape[1]);
        var headDim = dim / heads;
        var qkv = wqkv.call(input).split([dim, dim, dim], -1);                              // 3 × (B, L, D)
        var q = RotaryEmbedding.Apply(qkv[0].view(batch, length, heads, headDim), freqs);  // (B, L, H, Dh)
        var k = RotaryEmbedding.Apply(qkv[1].view(batch, length, heads, headDim), freqs);
        var v = qkv[2].view(batch, length, heads, headDim);
        (q, k, v) = (q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2));            // (B, H, L, Dh)
        if (cache is not null)
        {
            (k, v) = cache.Update(start, k, v);                                              // (B, H, start + L, Dh)
        }
        else if (start != 0)
        {
            throw new ArgumentException("Without a cache the sequence must start at position 0.", nameof(start));
        }

        // One new query sees everything cached; a square block is plainly causal; a block after cached positions
        // needs the bottom-right-aligned mask (SDPA's is_causal is top-left aligned).
        var mask = length > 1 && start > 0 ? CausalMask(length, start, input.device) : null;
        var dropout = training ? attentionDropout : 0.0;
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, mask, dropout, is_casual: length > 1 && start == 0);
        var output = wo.call(attended.transpose(1, 2).contiguous().view(batch, length, dim)); // (B, L, D)
        if (training && residualDropout > 0)
        {
            output = nn.functional.dropout(output, residualDropout, training: true);
        }

        return output.MoveToOuterDisposeScope();
    }

    /// <summary>(L, start + L) booleans, true where query i (position start + i) may see key j: j ≤ start + i.</summary>
    private static Tensor CausalMask(long length, long start, Device device)
    {
        var keys = arange(start + length, device: device).unsqueeze(0);    // (1, S)
        var queries = arange(start, start + length, device: device).unsqueeze(1); // (L, 1)
        return keys.le(queries);
    }
}
