namespace Magvit.Training.Trainer;

/// <summary>Where a run is: the image phase before inflation, or the main phase on the target architecture.</summary>
public enum TrainingPhase
{
    /// <summary>An Image-kind model on 1-frame clips (only when the target is a video model and image steps were asked for).</summary>
    Image,

    /// <summary>The target model (inflated from the image phase, if there was one).</summary>
    Main,
}
