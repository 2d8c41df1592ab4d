namespace Magvit.Training.Data;

/// <summary>How recipe sources become in-memory clips.</summary>
public sealed record DatasetOptions
{
    /// <summary>Training crop size (square).</summary>
    public int Size { get; init; } = 64;

    /// <summary>
    /// Training sources are loaded with the shorter side at Size × LoadScale (aspect kept), so random crops move
    /// over the frame; validation sources use the data notes' square crop scaled to Size.
    /// </summary>
    public double LoadScale { get; init; } = 1.25;

    /// <summary>Stills are loaded once per factor (×LoadScale×Size short side, never upscaled): more, finer crops.</summary>
    public IReadOnlyList<double> ImageScales { get; init; } = [1.0, 2.0];

    /// <summary>Throws when the options are unusable.</summary>
    public void Validate()
    {
        if (Size < 8 || !(LoadScale >= 1) || ImageScales.Count == 0 || ImageScales.Any(s => !(s >= 1)))
        {
            throw new ArgumentException("Size ≥ 8, LoadScale ≥ 1 and image scales ≥ 1 are required.");
        }
    }
}
