namespace Magvit.Client;

/// <summary>What a tokenizer or detokenizer server has loaded.</summary>
/// <param name="Identity">Model id and weights hash.</param>
/// <param name="CodebookBits">K: bits per token.</param>
/// <param name="Geometry">Factors and frame rule.</param>
/// <param name="MaxWidth">Largest frame width accepted or produced; 0 = no limit.</param>
/// <param name="MaxHeight">Largest frame height accepted or produced; 0 = no limit.</param>
public sealed record ModelDescription(ModelIdentity Identity, int CodebookBits, TokenGeometry Geometry, int MaxWidth, int MaxHeight);
