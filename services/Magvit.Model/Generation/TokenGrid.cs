namespace Magvit.Model.Generation;

/// <summary>
/// Shape of a generated token video: <see cref="Frames"/> latent frames of <see cref="Height"/> × <see cref="Width"/>
/// tokens, in raster order (frame, row, column) — the same order as the token contract.
/// </summary>
public sealed record TokenGrid(int Frames, int Height, int Width)
{
    /// <summary>Tokens in one latent frame.</summary>
    public int TokensPerFrame => Height * Width;

    /// <summary>Tokens in the whole grid.</summary>
    public int Count => Frames * Height * Width;

    /// <summary>Throws when a dimension is not positive.</summary>
    public void Validate()
    {
        if (Frames < 1 || Height < 1 || Width < 1)
        {
            throw new ArgumentException($"A token grid needs positive sizes, got {Frames}×{Height}×{Width}.");
        }
    }
}
