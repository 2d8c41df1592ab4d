namespace Magvit.Client;

/// <summary>One image's tokens: a header (one latent frame) and latent frame 0.</summary>
/// <param name="Header">The tokens' header.</param>
/// <param name="Tokens">Latent frame 0.</param>
public sealed record TokenImage(TokenStreamHeader Header, TokenFrame Tokens);
