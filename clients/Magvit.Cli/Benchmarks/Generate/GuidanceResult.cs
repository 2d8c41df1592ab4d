namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// Autoregressive decoding with classifier-free guidance (conditional and null-class rows as one batch of 2B) against
/// without (batch B), both KV-cached, same class.
/// </summary>
/// <param name="LatentFrames">Latent frames generated per run.</param>
/// <param name="GuidanceScale">The scale s of the guided runs.</param>
/// <param name="UnguidedTokensPerSecond">Median tokens/s without guidance.</param>
/// <param name="GuidedTokensPerSecond">Median tokens/s with guidance.</param>
/// <param name="GuidedVsUnguidedRatio">Median over side-by-side pairs of guided ÷ unguided tokens/s (1 = guidance is free).</param>
internal sealed record GuidanceResult(int LatentFrames, double GuidanceScale, double UnguidedTokensPerSecond, double GuidedTokensPerSecond, double GuidedVsUnguidedRatio);
