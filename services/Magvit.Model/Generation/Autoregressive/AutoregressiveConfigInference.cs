using System.Globalization;
using System.Numerics;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>Reads an autoregressive architecture off state-dict shapes (keys without the "transformer." prefix).</summary>
internal static class AutoregressiveConfigInference
{
    public static AutoregressiveConfig FromStateDict(IReadOnlyDictionary<string, Tensor> state, AutoregressiveCheckpointHints? hints)
    {
        hints ??= new AutoregressiveCheckpointHints();
        var pre = Require(state, "pre_emb.weight");                                                 // (2^bits0, D)
        var classes = Require(state, "class_emb.embedding_table.weight");                         // (classes + 1, D)
        var dim = (int)pre.shape[1];
        List<int> bits = [Bits(pre, "pre_emb.weight")];
        if (state.TryGetValue("post_emb.weight", out var post))
        {
            bits.Add(Bits(post, "post_emb.weight"));
        }

        var spatial = Layers(state, "spatial_blocks.");
        var factorized = Layers(state, "factorized_blocks.");
        var w1 = Require(state, spatial > 0 ? "spatial_blocks.0.feed_forward.w1.weight" : "factorized_blocks.0.feed_forward.w1.weight");
        if (hints.Heads is null && dim % 64 != 0)
        {
            throw new InvalidDataException($"Width {dim} is not a multiple of 64: give the number of heads explicitly.");
        }

        var config = new AutoregressiveConfig
        {
            Dim = dim,
            Heads = hints.Heads ?? dim / 64,
            SpatialLayers = spatial,
            FactorizedLayers = factorized,
            FfnHidden = (int)w1.shape[0],
            ClassCount = (int)classes.shape[0] - 1,
            FactorizedBits = bits,
            GridHeight = hints.GridHeight ?? 16,
            GridWidth = hints.GridWidth ?? 16,
            MaxFrames = hints.MaxFrames ?? 1,
            RopeBase = hints.RopeBase ?? 10000,
            NormEps = hints.NormEps ?? 1e-5,
        };
        config.Validate();
        return config;
    }

    private static Tensor Require(IReadOnlyDictionary<string, Tensor> state, string key)
        => state.TryGetValue(key, out var tensor)
            ? tensor
            : throw new InvalidDataException($"Not an autoregressive checkpoint: '{key}' is missing.");

    private static int Bits(Tensor embedding, string key)
    {
        var rows = embedding.shape[0];
        return rows > 1 && BitOperations.IsPow2(rows)
            ? BitOperations.Log2((ulong)rows)
            : throw new InvalidDataException($"'{key}' has {rows} rows, not a power of two.");
    }

    /// <summary>Number of blocks under <paramref name="prefix"/> (keys "prefix{i}.…").</summary>
    private static int Layers(IReadOnlyDictionary<string, Tensor> state, string prefix)
        => state.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split('.')[0])
            .Select(i => int.Parse(i, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1)
            .Max() + 1;
}
