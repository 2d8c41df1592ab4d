namespace Magvit.Model.Generation.Masked;

/// <summary>
/// MaskGIT's cosine schedule γ(r) = cos(π/2·r) (reference doc §4.1): the fraction of tokens that are masked at
/// progress r ∈ [0, 1], for drawing training masks and for how many tokens stay masked after each decoding step.
/// </summary>
public static class MaskSchedule
{
    /// <summary>Smallest training mask ratio (MAGVIT v1 clips γ to [1e-6, 1]).</summary>
    public const double MinTrainingRatio = 1e-6;

    /// <summary>γ(r) = cos(π/2·r).</summary>
    public static double Gamma(double r) => Math.Cos(Math.PI / 2 * r);

    /// <summary>Training mask ratio for a uniform draw <paramref name="uniform"/> ∈ [0, 1): γ clipped to [1e-6, 1].</summary>
    public static double TrainingRatio(double uniform) => Math.Clamp(Gamma(uniform), MinTrainingRatio, 1.0);

    /// <summary>
    /// Tokens masked in a training example: ⌊<paramref name="ratio"/>·<paramref name="maskable"/>⌋, at least 1 (when
    /// anything is maskable) and at most <paramref name="maskable"/>.
    /// </summary>
    public static int TrainingMaskCount(double ratio, int maskable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maskable);
        return maskable == 0 ? 0 : Math.Clamp((int)Math.Floor(ratio * maskable), 1, maskable);
    }

    /// <summary>
    /// Tokens left masked after decoding step <paramref name="step"/> (0-based) of <paramref name="steps"/>, when
    /// <paramref name="unknown"/> of <paramref name="maskable"/> tokens were masked before it:
    /// ⌊γ((step+1)/steps)·maskable⌋ clamped to [1, unknown − 1] while steps remain, and 0 after the last step.
    /// </summary>
    public static int MaskedAfterStep(int step, int steps, int maskable, int unknown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, steps);
        ArgumentOutOfRangeException.ThrowIfNegative(maskable);
        ArgumentOutOfRangeException.ThrowIfNegative(unknown);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(unknown, maskable);
        if (step == steps - 1 || unknown == 0)
        {
            return 0;
        }

        var scheduled = (int)Math.Floor(Gamma((step + 1.0) / steps) * maskable);
        return Math.Max(1, Math.Min(unknown - 1, scheduled)); // MaskGIT's order: at least 1 stays masked while steps remain
    }

    /// <summary>
    /// The masked count after every step when decoding starts with all <paramref name="maskable"/> tokens masked:
    /// element t is <see cref="MaskedAfterStep"/> of step t; the last element is 0.
    /// </summary>
    public static int[] DecodingCounts(int steps, int maskable)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var counts = new int[steps];
        var unknown = maskable;
        for (var step = 0; step < steps; step++)
        {
            counts[step] = MaskedAfterStep(step, steps, maskable, unknown);
            unknown = counts[step];
        }

        return counts;
    }
}
