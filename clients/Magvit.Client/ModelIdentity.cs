namespace Magvit.Client;

/// <summary>Which weights made (or must consume) a token stream: tokens are meaningful only for the exact weights.</summary>
/// <param name="ModelId">Human-readable name chosen by the operator.</param>
/// <param name="WeightsSha256">Lower-case hexadecimal SHA-256 of the weights file; empty for random weights.</param>
public sealed record ModelIdentity(string ModelId, string WeightsSha256);
