namespace Magvit.Model.Numerics;

/// <summary>How <see cref="ConvNumericsCheck"/> probes a config.</summary>
public sealed record ConvNumericsOptions
{
    /// <summary>Largest acceptable max |y32 − y64| / max |y64| (fp32 sums of ~10⁴ terms stay near 1e-6).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Batch sizes each unique shape runs at (the defect was seen at batch ≥ 2 only).</summary>
    public IReadOnlyList<long> Batches { get; init; } = [1, 2, 3];

    /// <summary>Input height and width of the recording pass; 0 means a 2×2 latent (2 × SpatialFactor): cheap, and every layer still runs.</summary>
    public int Size { get; init; }

    /// <summary>Input frames of the recording pass for video configs (1 + 4k; 5 gives two latent frames).</summary>
    public int Frames { get; init; } = 5;

    /// <summary>Seed of the random weights and inputs, so a failing row reproduces.</summary>
    public long Seed { get; init; } = 1234;
}
