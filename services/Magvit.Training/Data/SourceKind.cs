namespace Magvit.Training.Data;

/// <summary>What a recipe source is (JSON: "video", "image", "image-sequence").</summary>
public enum SourceKind
{
    /// <summary>One video file: clips of consecutive frames.</summary>
    Video,

    /// <summary>A still photo, or a glob of photos each taken on its own: 1-frame clips.</summary>
    Image,

    /// <summary>A glob of numbered frames (sorted by name) forming one video.</summary>
    ImageSequence,
}
