namespace Magvit.Training.Trainer;

/// <summary>
/// Everything of a run that is not a tensor (checkpoint/state.json): with the weights, the EMA, the optimiser and
/// discriminator states saved beside it, resuming continues bit for bit.
/// </summary>
public sealed record TrainingState
{
    /// <summary>Steps done (the next step's index).</summary>
    public long Step { get; init; }

    /// <summary>The phase of the saved weights.</summary>
    public TrainingPhase Phase { get; init; }

    /// <summary>The clip sampler's generator state.</summary>
    public ulong[] SamplerState { get; init; } = [];

    /// <summary>EMA updates so far.</summary>
    public long EmaUpdates { get; init; }

    /// <summary>LeCAM's EMA of the mean real logit.</summary>
    public double LecamRealEma { get; init; }

    /// <summary>LeCAM's EMA of the mean fake logit.</summary>
    public double LecamFakeEma { get; init; }

    /// <summary>Training seconds spent so far (across resumes).</summary>
    public double Seconds { get; init; }
}
