using System.Diagnostics;
using System.Globalization;

namespace Magvit.Training.Trainer;

/// <summary>
/// The progress line (to stderr in the CLI): phase, step, loss parts, learning rate, speed over the last interval
/// and the phase's ETA at that speed.
/// </summary>
public sealed class ProgressReporter(TextWriter? output)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long markStep = -1;
    private double markSeconds;

    /// <summary>Writes a free-form line.</summary>
    public void Line(string text) => output?.WriteLine(text);

    /// <summary>Restarts the speed measurement at <paramref name="step"/> (a phase start or a resume).</summary>
    public void Restart(long step) => (markStep, markSeconds) = (step, clock.Elapsed.TotalSeconds);

    /// <summary>Writes the line for <paramref name="losses"/> of <paramref name="phase"/>, which ends at <paramref name="phaseEnd"/>.</summary>
    public void Report(TrainingPhase phase, StepLosses losses, long totalSteps, long phaseEnd)
    {
        var now = clock.Elapsed.TotalSeconds;
        var done = losses.Step + 1 - markStep;
        var rate = done > 0 && now > markSeconds ? done / (now - markSeconds) : 0;
        (markStep, markSeconds) = (losses.Step + 1, now);
        var eta = rate > 0 ? TimeSpan.FromSeconds((phaseEnd - losses.Step - 1) / rate) : TimeSpan.Zero;
        var adversarial = losses.AdversarialWeight > 0 ? $" g {losses.Generator:F3}×{losses.AdversarialWeight:G3} d {losses.Discriminator:F3}" : string.Empty;
        output?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[{(phase == TrainingPhase.Image ? "image" : "main")}] step {losses.Step + 1}/{totalSteps}  loss {losses.Total:F4} "
            + $"(rec {losses.Reconstruction:F4} commit {losses.Commitment:F4} H {losses.SampleEntropy:F3}/{losses.BatchEntropy:F2} lfq {losses.Lfq:F4}{adversarial})  "
            + $"lr {losses.LearningRate:0.0e+0}  |g| {losses.GradientNorm:F2}  {rate:F2} it/s  phase ETA {eta:hh\\:mm\\:ss}"));
    }
}
