using Magvit.Model.Tokenizer;
using Magvit.Training.Data;

namespace Magvit.Training.Trainer;

/// <summary>
/// A complete description of a training run (models/recipes/*.json, and run.json in each run folder): the data
/// recipe, the architecture (a preset name or a full config), how the data is loaded, and every training option.
/// One plan file reproduces a run: <c>magvit train tokenizer --plan FILE --out runs/NAME</c>.
/// </summary>
public sealed record TrainingPlan
{
    /// <summary>What the run is for.</summary>
    public string? Description { get; init; }

    /// <summary>The data recipe, relative to the repository root.</summary>
    public string DataRecipe { get; init; } = "data/recipe.json";

    /// <summary>A <see cref="TokenizerPresets"/> name; ignored when <see cref="Config"/> is given.</summary>
    public string? Preset { get; init; } = TokenizerPresets.CausalTiny;

    /// <summary>The architecture, in full (takes precedence over the preset).</summary>
    public TokenizerConfig? Config { get; init; }

    /// <summary>How sources are loaded (the crop size is <see cref="TokenizerTrainingOptions.Size"/>).</summary>
    public DatasetOptions Dataset { get; init; } = new();

    /// <summary>The training options.</summary>
    public TokenizerTrainingOptions Training { get; init; } = new();

    /// <summary>The architecture to train.</summary>
    /// <exception cref="ArgumentException">Neither a known preset nor a config.</exception>
    public TokenizerConfig ResolveConfig()
    {
        var config = Config ?? TokenizerPresets.Get(Preset ?? throw new ArgumentException("A training plan needs a preset or a config."));
        config.Validate();
        return config;
    }

    /// <summary>Reads a plan file.</summary>
    public static TrainingPlan Load(string path) => TrainingJson.Read<TrainingPlan>(path);
}
