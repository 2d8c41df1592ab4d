using Magvit.Client;

namespace Magvit.Cli.Tokens;

/// <summary>A whole token video in memory: what a <c>.mgt</c> file holds.</summary>
/// <param name="Header">K, grid, the tokenizer's identity and geometry; <see cref="TokenStreamHeader.LatentFrames"/> equals <see cref="Frames"/>' count.</param>
/// <param name="Frames">The latent frames 0, 1, 2, … in order, each of grid height·width ids.</param>
internal sealed record TokenVideo(TokenStreamHeader Header, IReadOnlyList<TokenFrame> Frames)
{
    /// <summary>The source's frame rate, when known (a detokenized video plays at it).</summary>
    public FrameRate? FrameRate { get; init; }

    /// <summary>Every token.</summary>
    public long TokenCount => (long)Frames.Count * Header.TokensPerFrame;
}
