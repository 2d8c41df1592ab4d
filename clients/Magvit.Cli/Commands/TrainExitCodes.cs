namespace Magvit.Cli.Commands;

/// <summary>Exit codes of <c>magvit train</c>.</summary>
internal static class TrainExitCodes
{
    /// <summary>Every planned step ran; the EMA model is in OUT/model.</summary>
    public const int Completed = 0;

    /// <summary>Training failed (the loss diverged, a file could not be read or written).</summary>
    public const int Failed = 1;

    /// <summary>Invalid arguments, plan, config or recipe (including a perceptual loss, or a resume that changes the plan).</summary>
    public const int InvalidArguments = 2;

    /// <summary>The training data or ffmpeg is missing: run scripts/fetch-training-data.sh.</summary>
    public const int MissingData = 3;

    /// <summary>Interrupted (Ctrl+C): a checkpoint was saved; run again with --resume.</summary>
    public const int Interrupted = 130;
}
