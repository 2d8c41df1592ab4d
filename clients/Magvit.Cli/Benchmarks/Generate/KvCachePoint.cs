namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>Autoregressive decoding of one grid with and without the KV cache: same model, same greedy request.</summary>
/// <param name="LatentFrames">Latent frames generated (no prompt).</param>
/// <param name="Tokens">Tokens generated per run.</param>
/// <param name="CachedTokensPerSecond">Median tokens/s with the KV cache.</param>
/// <param name="UncachedTokensPerSecond">Median tokens/s recomputing the whole prefix at every token.</param>
/// <param name="CacheVsNoCacheRatio">Median over side-by-side pairs of cached ÷ uncached tokens/s.</param>
/// <param name="TokensIdentical">Whether every pair produced exactly the same tokens.</param>
/// <param name="DistinctTokens">Distinct ids in the cached output: more than one shows the check is not vacuous.</param>
internal sealed record KvCachePoint(
    int LatentFrames,
    int Tokens,
    double CachedTokensPerSecond,
    double UncachedTokensPerSecond,
    double CacheVsNoCacheRatio,
    bool TokensIdentical,
    int DistinctTokens);
