namespace Magvit.Training.Trainer;

/// <summary>
/// Linear warm-up from 0 to the peak over <see cref="WarmupSteps"/>, then a half cosine down to
/// <see cref="MinRatio"/> × peak at <see cref="TotalSteps"/> (Open-MAGVIT2's video schedule). Stateless: the rate
/// is a function of the step, so a resumed run needs nothing saved.
/// </summary>
/// <param name="Peak">Learning rate at the end of the warm-up.</param>
/// <param name="WarmupSteps">Steps of the linear ramp (step s uses peak·(s+1)/warm-up).</param>
/// <param name="TotalSteps">Steps of the phase.</param>
/// <param name="MinRatio">Final fraction of the peak.</param>
public sealed record LearningRateSchedule(double Peak, long WarmupSteps, long TotalSteps, double MinRatio)
{
    /// <summary>The rate for step <paramref name="step"/> (0-based) of the phase.</summary>
    public double At(long step)
    {
        var warmup = Math.Min(WarmupSteps, TotalSteps);
        if (step < warmup)
        {
            return Peak * (step + 1) / warmup;
        }

        var span = Math.Max(1, TotalSteps - warmup - 1);
        var progress = Math.Clamp((double)(step - warmup) / span, 0, 1);
        return Peak * (MinRatio + ((1 - MinRatio) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
    }
}
