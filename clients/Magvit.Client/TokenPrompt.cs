namespace Magvit.Client;

/// <summary>Tokens a generation continues: whole latent frames from latent frame 0 on.</summary>
/// <param name="Header">The tokens' header (grid and K must be the generator's).</param>
/// <param name="Frames">The latent frames, in order.</param>
public sealed record TokenPrompt(TokenStreamHeader Header, IReadOnlyList<TokenFrame> Frames);
