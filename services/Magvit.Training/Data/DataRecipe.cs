namespace Magvit.Training.Data;

/// <summary>
/// A data recipe file (data/recipe.json): the training and validation sources, their licences and weights, and the
/// media deliberately left out. Paths are relative to <see cref="Root"/>, itself relative to the repository root.
/// </summary>
public sealed record DataRecipe
{
    /// <summary>Name of this selection of material (recorded with each training run).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What the material is and where it comes from.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Folder the source paths are relative to (data/packages, filled by scripts/fetch-training-data.sh).</summary>
    public string Root { get; init; } = "data/packages";

    /// <summary>Media left out on purpose, with the reason.</summary>
    public IReadOnlyList<RecipeExclusion> Exclude { get; init; } = [];

    /// <summary>The sources.</summary>
    public IReadOnlyList<RecipeSource> Sources { get; init; } = [];

    /// <summary>Reads and validates a recipe file.</summary>
    public static DataRecipe Load(string path)
    {
        var recipe = TrainingJson.Read<DataRecipe>(path);
        recipe.Validate();
        return recipe;
    }

    /// <summary>
    /// Throws when a source is reserved or not camera footage (<see cref="ReservedMedia"/>), has no path, or has a
    /// non-positive weight or frame rate; or when no source is for training.
    /// </summary>
    public void Validate()
    {
        foreach (var source in Sources)
        {
            if (string.IsNullOrWhiteSpace(source.Path) || Path.IsPathRooted(source.Path) || source.Path.Contains("..", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Recipe '{Name}': source path '{source.Path}' must be a relative path inside the root.");
            }

            ReservedMedia.Require(source.Path);
            if (!(source.Weight > 0) || source.FrameRate is <= 0)
            {
                throw new InvalidDataException($"Recipe '{Name}': '{source.Path}' needs a positive weight and frame rate.");
            }

            if (source.Kind == SourceKind.ImageSequence && !source.IsGlob)
            {
                throw new InvalidDataException($"Recipe '{Name}': image sequence '{source.Path}' must be a glob of its frames.");
            }
        }

        if (!Sources.Any(s => s.Split == DataSplit.Train))
        {
            throw new InvalidDataException($"Recipe '{Name}' has no training source.");
        }
    }

    /// <summary>The root folder resolved against <paramref name="baseDirectory"/> (the repository root).</summary>
    public string ResolveRoot(string baseDirectory) => Path.GetFullPath(Path.Combine(baseDirectory, Root));
}
