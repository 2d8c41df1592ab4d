namespace Magvit.Client;

/// <summary>How likely a token video is under a generator.</summary>
/// <param name="LogProbs">Natural-log probability of each token, raster order.</param>
/// <param name="TotalBits">−Σ log2 p over all tokens.</param>
/// <param name="BitsPerToken">TotalBits divided by the token count.</param>
public sealed record TokenScore(IReadOnlyList<float> LogProbs, double TotalBits, double BitsPerToken);
