namespace Magvit.Runtime.Sessions;

/// <summary>One latent frame's token ids, h·w in raster order, each in [0, 2^LatentChannels).</summary>
/// <param name="Index">Latent frame index within the stream, from 0.</param>
/// <param name="TokenIds">The ids, row by row.</param>
public sealed record TokenFrame(long Index, int[] TokenIds);
