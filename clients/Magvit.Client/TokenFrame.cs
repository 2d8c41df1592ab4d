namespace Magvit.Client;

/// <summary>The tokens of one latent frame: grid height·width ids in raster order (row by row), each &lt; 2^K.</summary>
/// <param name="LatentFrame">Index of the latent frame in its stream, from 0.</param>
/// <param name="Ids">The token ids; equality compares the array instance, not its values.</param>
public sealed record TokenFrame(long LatentFrame, uint[] Ids);
