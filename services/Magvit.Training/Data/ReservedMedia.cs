namespace Magvit.Training.Data;

/// <summary>
/// Media that must never be trained or tuned on, enforced wherever a recipe is loaded: the reserved evaluation clips
/// (vtest.avi, cockatoo.mp4, cityCC0.mpg) and the scikit-image data photos (python3-imageio ships copies of two of
/// them), plus material that is not camera footage (opencv's CGI Megamind clips, a rendered animation, a screen
/// recording). Matching is on the file name, case-insensitive, whatever folder holds the file.
/// </summary>
public static class ReservedMedia
{
    /// <summary>The evaluation clips and photos (the data notes' reserved list).</summary>
    public static IReadOnlyList<string> EvaluationPatterns { get; } =
    [
        "vtest.*", "cockatoo.*", "cityCC0.*",

        // scikit-image's data photos and images (skimage/data), whatever package carries a copy.
        "astronaut.*", "brick.*", "camera.*", "cell.*", "chelsea.*", "chessboard_GRAY.*", "chessboard_RGB.*",
        "clock_motion.*", "coffee.*", "coins.*", "color.*", "eagle.*", "grass.*", "gravel.*", "horse.*",
        "hubble_deep_field.*", "ihc.*", "kidney.*", "lily.*", "logo.*", "microaneurysms.*", "moon.*", "motorcycle_*",
        "page.*", "palisades_of_vogt.*", "phantom.*", "retina.*", "rocket.*", "skin.*", "text.*",
    ];

    /// <summary>Not camera footage: computer graphics, animation, screen capture.</summary>
    public static IReadOnlyList<string> NonCameraPatterns { get; } = ["Megamind*", "retroMars2018.*", "movie-hello.*"];

    /// <summary>Whether <paramref name="path"/> is reserved for evaluation.</summary>
    public static bool IsReserved(string path)
    {
        var normalized = path.Replace('\\', '/');
        return normalized.Contains("/skimage/data/", StringComparison.OrdinalIgnoreCase)
            || EvaluationPatterns.Any(p => Glob.IsMatch(Path.GetFileName(normalized), p));
    }

    /// <summary>Whether <paramref name="path"/> is reserved or not camera footage.</summary>
    public static bool IsExcluded(string path)
        => IsReserved(path) || NonCameraPatterns.Any(p => Glob.IsMatch(Path.GetFileName(path), p));

    /// <summary>Throws when <paramref name="path"/> is excluded, naming why.</summary>
    /// <exception cref="InvalidDataException">The path is reserved for evaluation or is not camera footage.</exception>
    public static void Require(string path)
    {
        if (IsReserved(path))
        {
            throw new InvalidDataException($"'{path}' is reserved for independent evaluation and must never be used for training or tuning.");
        }

        if (IsExcluded(path))
        {
            throw new InvalidDataException($"'{path}' is not camera footage (CGI, animation or screen capture) and is excluded from training.");
        }
    }
}
