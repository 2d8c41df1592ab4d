using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Runtime;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Autoregressive;

/// <summary>Tiny seeded autoregressive models and helpers shared by the generation tests.</summary>
internal static class ArTestModels
{
    /// <summary>The golden architecture (4×4 image grid, bits [4, 6], 10 classes).</summary>
    public static AutoregressiveConfig Image => AutoregressivePresets.Get(AutoregressivePresets.Tiny);

    /// <summary>Three 3×4 frames with 3-D rotary positions.</summary>
    public static AutoregressiveConfig Video => AutoregressivePresets.Get(AutoregressivePresets.TinyVideo);

    /// <summary>
    /// A deterministic random model in eval mode, initialised like the golden set (weights N(0, 0.125²), norms 1 + N(0, 0.1²)
    /// so a swapped weight shows): TorchSharp's default init gives near-constant greedy outputs in so small a model.
    /// </summary>
    public static AutoregressiveTransformer Model(AutoregressiveConfig config, int seed = 0)
    {
        TorchRuntime.Initialize();
        manual_seed(seed);
        var model = new AutoregressiveTransformer(config);
        var generator = new Generator((ulong)seed + 1);
        using (no_grad())
        {
            foreach (var (_, parameter) in model.named_parameters())
            {
                var noise = randn(parameter.shape, generator: generator);
                parameter.copy_(parameter.dim() == 1 ? (noise * 0.1) + 1 : noise * 0.125);
            }
        }

        model.eval();
        return model;
    }

    /// <summary>Full grid of <paramref name="config"/>.</summary>
    public static TokenGrid Grid(AutoregressiveConfig config) => new(config.MaxFrames, config.GridHeight, config.GridWidth);

    /// <summary>Every token of a request, in raster order, as reported through onTokens (prompt positions stay −1).</summary>
    public static (long[] Tokens, List<GeneratedTokens> Reports) Run(ITokenGenerator generator, GenerationRequest request)
    {
        var tokens = Enumerable.Repeat(-1L, request.Grid.Count).ToArray();
        var reports = new List<GeneratedTokens>();
        generator.Generate(request, r =>
        {
            reports.Add(r);
            for (var i = 0; i < r.Ids.Count; i++)
            {
                tokens[r.FirstIndex + i] = r.Ids[i];
            }
        }, CancellationToken.None);
        return (tokens, reports);
    }

    /// <summary>Uniformly random full ids for <paramref name="count"/> positions.</summary>
    public static long[] RandomTokens(AutoregressiveConfig config, int count, int seed)
    {
        var random = new Random(seed);
        var limit = config.Factorization().CodebookSize;
        return [.. Enumerable.Range(0, count).Select(_ => random.NextInt64(limit))];
    }
}
