namespace Magvit.Training.Data;

/// <summary>One entry of a data recipe.</summary>
public sealed record RecipeSource
{
    /// <summary>Path relative to the recipe's root; <c>*</c> and <c>?</c> in the file name (or a folder) form a glob.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Video, image (each glob match a still) or image sequence (the glob's matches are the frames).</summary>
    public SourceKind Kind { get; init; } = SourceKind.Image;

    /// <summary>The Debian package the file comes from.</summary>
    public string Package { get; init; } = string.Empty;

    /// <summary>Licence note for the material.</summary>
    public string Licence { get; init; } = string.Empty;

    /// <summary>Relative sampling weight (per glob match for images).</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>Train or held-out validation.</summary>
    public DataSplit Split { get; init; } = DataSplit.Train;

    /// <summary>Resample videos to this frame rate (e.g. a high-speed clip); null keeps the source's.</summary>
    public double? FrameRate { get; init; }

    /// <summary>Free text (size, frames, why it is weighted so).</summary>
    public string? Note { get; init; }

    /// <summary>Whether <see cref="Path"/> is a glob.</summary>
    public bool IsGlob => Path.AsSpan().IndexOfAny('*', '?') >= 0;
}
