namespace Magvit.Model.Generation;

/// <summary>
/// A run of newly generated tokens: <see cref="Ids"/> are the full token ids at raster positions
/// <see cref="FirstIndex"/> … <see cref="FirstIndex"/> + Ids.Count − 1 of the grid. Autoregressive models report a
/// latent row at a time, masked models a latent frame at a time; prompt tokens are never reported.
/// </summary>
public sealed record GeneratedTokens(long FirstIndex, IReadOnlyList<long> Ids, int StepsSoFar);
