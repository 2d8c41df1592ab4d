namespace Magvit.Training.Data;

/// <summary>The training and validation clips of a recipe, held in memory at training resolution.</summary>
public sealed class TrainingDataset
{
    /// <summary>A dataset of already loaded clips (tests, synthetic data).</summary>
    public TrainingDataset(string name, IReadOnlyList<MediaClip> train, IReadOnlyList<MediaClip> validation)
    {
        if (train.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one training clip.", nameof(train));
        }

        (Name, Train, Validation) = (name, train, validation);
    }

    /// <summary>The recipe's name.</summary>
    public string Name { get; }

    /// <summary>Clips to sample from.</summary>
    public IReadOnlyList<MediaClip> Train { get; }

    /// <summary>Held-out clips, measured only.</summary>
    public IReadOnlyList<MediaClip> Validation { get; }

    /// <summary>
    /// Loads every source of <paramref name="recipe"/> from <paramref name="root"/> through ffmpeg (see
    /// <see cref="RecipeLoader"/>); <paramref name="log"/> receives one line per source.
    /// </summary>
    public static TrainingDataset Load(DataRecipe recipe, string root, DatasetOptions options, Action<string>? log = null)
        => RecipeLoader.Load(recipe, root, options, log);

    /// <summary>One line: clip and frame counts of both splits.</summary>
    public string Describe()
    {
        static string Part(IReadOnlyList<MediaClip> clips)
            => $"{clips.Count(c => !c.IsStill)} videos ({clips.Where(c => !c.IsStill).Sum(c => c.Frames.Count)} frames), {clips.Count(c => c.IsStill)} stills";
        return $"'{Name}': train {Part(Train)}; validation {Part(Validation)}";
    }
}
