using Magvit.Model.Generation;
using Magvit.Model.Generation.Masked;
using Magvit.Model.Tokenizer;

namespace Magvit.Cli.Services;

/// <summary>
/// The models a command serves when none is named: the committed default models (models/tokenizer-default,
/// models/generator-default) when this checkout has them, else random weights of the presets they are trained from.
/// </summary>
internal static class ModelDefaults
{
    /// <summary>Folder of the default tokenizer, relative to the repository root.</summary>
    public static readonly string[] TokenizerFolder = ["models", "tokenizer-default"];

    /// <summary>Folder of the default generator, relative to the repository root.</summary>
    public static readonly string[] GeneratorFolder = ["models", "generator-default"];

    /// <summary>The preset of random weights when the default tokenizer is missing.</summary>
    public const string TokenizerPreset = TokenizerPresets.CausalSmall;

    /// <summary>The preset of random weights when the default generator is missing.</summary>
    public const string GeneratorPreset = GeneratorCheckpoint.MaskedPresetPrefix + MaskedPresets.Video64;

    /// <summary>--model, else --preset, else the committed default folder, else <paramref name="fallbackPreset"/>.</summary>
    public static ModelSource Resolve(string? path, string? preset, string[] defaultFolder, string fallbackPreset)
    {
        if (path is not null && preset is not null)
        {
            throw Commands.CommandException.Usage("name a model folder or a preset, not both.");
        }

        if (path is not null)
        {
            return ModelSource.FromPath(path);
        }

        if (preset is not null)
        {
            return ModelSource.FromPreset(preset);
        }

        return RepositoryPaths.Find([.. defaultFolder, GeneratorCheckpoint.WeightsFile]) is { } weights
            ? new ModelSource(Path.GetDirectoryName(weights), null)
            : ModelSource.FromPreset(fallbackPreset);
    }

    /// <summary>The warning for random weights, or null when every model is trained.</summary>
    public static string? Warning(params (string Service, ModelSource Source)[] models)
    {
        var random = models.Where(m => m.Source.IsRandom).ToList();
        if (random.Count == 0)
        {
            return null;
        }

        var which = string.Join(", ", random.Select(m => $"{m.Service}: {m.Source}"));
        return $"WARNING: untrained weights ({which}). The output shows the pipeline working, not what a trained model does: "
            + $"reconstructions and continuations will look like noise. Until {string.Join('/', TokenizerFolder)} and "
            + $"{string.Join('/', GeneratorFolder)} are committed, pass trained models with --tokenizer-model/--generator-model.";
    }
}
