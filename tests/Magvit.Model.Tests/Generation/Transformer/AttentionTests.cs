using Magvit.Model.Generation.Transformer;
using Magvit.Model.Runtime;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Transformer;

public sealed class AttentionTests
{
    private static readonly TransformerBlockConfig Config = new() { Dim = 32, Heads = 4, FfnHidden = 64 };

    public AttentionTests() => TorchRuntime.Initialize();

    [Fact]
    public void Apply_CachedChunks_EqualOneCausalPass()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var block = new TransformerBlock(Config);
        block.eval();
        using var rotary = new RotaryEmbedding(Config.HeadDim, 1, 2, 4, 10000);
        var freqs = rotary.Table.narrow(0, 0, 7);                               // class row + 6 tokens
        var x = randn(2, 7, 32, generator: new Generator(2));
        using var cache = new KvCache(2, 4, 8, Config.HeadDim, ScalarType.Float32, CPU);

        var whole = block.Apply(x, freqs, null, 0);
        // Prefill, then a 3-position chunk (bottom-right causal mask), then single steps.
        var chunks = new[] { (0L, 2L), (2L, 3L), (5L, 1L), (6L, 1L) }
            .Select(c => block.Apply(x.narrow(1, c.Item1, c.Item2), freqs.narrow(0, c.Item1, c.Item2), cache, c.Item1))
            .ToArray();

        var worst = (cat(chunks, 1) - whole).abs().max().item<float>();
        Assert.True(worst < 1e-5f, $"cached differs by {worst}");
        Assert.Equal(7, cache.Length);
    }

    [Fact]
    public void Apply_LaterPosition_DoesNotChangeEarlierOutputs()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var block = new TransformerBlock(Config);
        block.eval();
        using var rotary = new RotaryEmbedding(Config.HeadDim, 1, 2, 4, 10000);
        var x = randn(1, 5, 32, generator: new Generator(4));
        var changed = x.clone();
        changed[0, 4] = randn(32);

        var a = block.Apply(x, rotary.Table.narrow(0, 0, 5), null, 0);
        var b = block.Apply(changed, rotary.Table.narrow(0, 0, 5), null, 0);

        Assert.True(a.narrow(1, 0, 4).allclose(b.narrow(1, 0, 4)));
        Assert.False(a[0, 4].allclose(b[0, 4]));
    }

    [Fact]
    public void KvCache_Update_RefusesToSkipAPosition_ResetRewinds()
    {
        using var scope = NewDisposeScope();
        using var cache = new KvCache(1, 2, 4, 8, ScalarType.Float32, CPU);
        var step = ones(1, 2, 1, 8);
        cache.Update(0, step, step);

        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Update(2, step, step));
        cache.Reset();
        var (keys, _) = cache.Update(0, step * 3, step);
        Assert.Equal(new long[] { 1, 2, 1, 8 }, keys.shape);
        Assert.Equal(3f, keys[0, 0, 0, 0].item<float>());
    }
}
