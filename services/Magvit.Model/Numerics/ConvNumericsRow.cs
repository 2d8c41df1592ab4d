namespace Magvit.Model.Numerics;

/// <summary>
/// One conv shape at one batch size: max |y32 − y64| / max |y64| with the channel guard on and off.
/// </summary>
/// <param name="Shape">The call, at <see cref="ConvShape.Batch"/> = the batch tested.</param>
/// <param name="GuardedError">Relative error of the guarded fp32 conv (what the model runs).</param>
/// <param name="UnguardedError">Relative error of plain libtorch conv2d (the platform defect detector).</param>
/// <param name="Tolerance">The relative error above which a result is wrong.</param>
public sealed record ConvNumericsRow(ConvShape Shape, double GuardedError, double UnguardedError, double Tolerance)
{
    /// <summary>Whether the guarded result is right (NaN counts as wrong).</summary>
    public bool Passed => GuardedError <= Tolerance;

    /// <summary>Whether plain libtorch got this shape wrong: the defect is present on this machine.</summary>
    public bool UnguardedFailed => !(UnguardedError <= Tolerance);
}
