using Magvit.Training.Metrics;

namespace Magvit.Training.Trainer;

/// <summary>What a finished (or interrupted) run reports.</summary>
/// <param name="RunDirectory">The run folder.</param>
/// <param name="Completed">True when every step ran; false when cancelled (a checkpoint was saved).</param>
/// <param name="Steps">Steps done.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Seconds">Training seconds (across resumes).</param>
/// <param name="ImageStepsPerSecond">Image-phase speed of this session; null when none ran.</param>
/// <param name="MainStepsPerSecond">Main-phase speed of this session; null when none ran.</param>
/// <param name="LastLosses">The last step's losses.</param>
/// <param name="LastValidation">The last validation.</param>
/// <param name="ModelDirectory">The exported EMA model (TokenizerCheckpoint folder), when completed.</param>
/// <param name="Precision">The precision note of the device.</param>
public sealed record TrainingSummary(
    string RunDirectory,
    bool Completed,
    long Steps,
    long TotalSteps,
    double Seconds,
    double? ImageStepsPerSecond,
    double? MainStepsPerSecond,
    StepLosses? LastLosses,
    ValidationMetrics? LastValidation,
    string? ModelDirectory,
    string Precision);
