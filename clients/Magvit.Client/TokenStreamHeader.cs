namespace Magvit.Client;

/// <summary>Describes every token of one token stream (the contract's TokenHeader).</summary>
/// <param name="CodebookBits">K: bits per token; ids lie in [0, 2^K).</param>
/// <param name="GridHeight">Tokens per latent frame, vertically.</param>
/// <param name="GridWidth">Tokens per latent frame, horizontally.</param>
public sealed record TokenStreamHeader(int CodebookBits, int GridHeight, int GridWidth)
{
    /// <summary>Latent frames in the stream when known in advance; null for live streams.</summary>
    public long? LatentFrames { get; init; }

    /// <summary>The tokenizer weights that made the tokens (a detokenizer refuses tokens of other weights).</summary>
    public ModelIdentity? Model { get; init; }

    /// <summary>The tokenizer's factors and frame rule, when the producer said.</summary>
    public TokenGeometry? Geometry { get; init; }

    /// <summary>Tokens per latent frame.</summary>
    public int TokensPerFrame => GridHeight * GridWidth;
}
