using Magvit.Media;

namespace Magvit.Training.Data;

/// <summary>One loaded source at training resolution: a video's frames, or one still (a 1-frame clip).</summary>
/// <param name="Name">Source path (and scale) for logs.</param>
/// <param name="Frames">The frames; every frame is at least the crop size on both sides.</param>
/// <param name="Weight">Relative probability of drawing this clip.</param>
public sealed record MediaClip(string Name, RgbFrames Frames, double Weight)
{
    /// <summary>True for a 1-frame clip.</summary>
    public bool IsStill => Frames.Count == 1;
}
