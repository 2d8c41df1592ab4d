using System.Text.Json;
using Magvit.Model.Weights;
using TorchSharp;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// Loads and saves autoregressive models. Our format is a folder with <c>model.safetensors</c> (OM2's key names) and
/// <c>config.json</c> (an <see cref="AutoregressiveConfig"/>). Open-MAGVIT2 checkpoints (.ckpt, torch.save .pt,
/// .safetensors) load directly: keys under <c>transformer.</c> are taken with the prefix stripped, the embedded
/// tokenizer (<c>first_stage_model.*</c>) is ignored, and the architecture is read off the shapes plus
/// <see cref="AutoregressiveCheckpointHints"/> for what shapes cannot tell (heads, grid).
/// </summary>
public static class AutoregressiveCheckpoint
{
    /// <summary>Weights file in a model folder.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Config file in a model folder.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>Where OM2's Lightning module keeps the GPT.</summary>
    public const string LightningPrefix = "transformer.";

    /// <summary>Where OM2's Lightning module keeps the tokenizer that decodes samples.</summary>
    public const string TokenizerPrefix = "first_stage_model.";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>A model (in eval mode) from a model folder or a checkpoint file.</summary>
    public static AutoregressiveTransformer Load(string path, AutoregressiveCheckpointHints? hints = null)
    {
        var (state, config) = ReadState(path, hints);
        var model = new AutoregressiveTransformer(config);
        StateDictLoader.LoadStrict(model, state);
        model.eval();
        return model;
    }

    /// <summary>The model's tensors (OM2 names, no prefix) and architecture from a folder or a checkpoint file.</summary>
    public static (Dictionary<string, torch.Tensor> State, AutoregressiveConfig Config) ReadState(string path, AutoregressiveCheckpointHints? hints = null)
    {
        if (Directory.Exists(path))
        {
            var config = ReadConfig(Path.Combine(path, ConfigFile));
            return (TransformerOnly(CheckpointReader.ReadStateDict(Path.Combine(path, WeightsFile))), config);
        }

        var state = TransformerOnly(CheckpointReader.ReadStateDict(path));
        return (state, AutoregressiveConfigInference.FromStateDict(state, hints));
    }

    /// <summary>Writes <paramref name="model"/> as a model folder.</summary>
    public static void Save(AutoregressiveTransformer model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        Save(model.state_dict(), model.Config, directory);
    }

    /// <summary>Writes tensors and config as a model folder.</summary>
    public static void Save(IReadOnlyDictionary<string, torch.Tensor> state, AutoregressiveConfig config, string directory)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Directory.CreateDirectory(directory);
        var metadata = new Dictionary<string, string> { ["format"] = "magvit-grpc-autoregressive" };
        SafeTensors.Write(Path.Combine(directory, WeightsFile), TransformerOnly(state), metadata);
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, JsonOptions));
    }

    /// <summary>Reads and validates a config.json.</summary>
    public static AutoregressiveConfig ReadConfig(string file)
    {
        var config = JsonSerializer.Deserialize<AutoregressiveConfig>(File.ReadAllText(file), JsonOptions)
            ?? throw new InvalidDataException($"{file} holds no autoregressive config.");
        config.Validate();
        return config;
    }

    /// <summary>
    /// The GPT's own tensors: with any "transformer."-prefixed key, exactly those keys with the prefix stripped;
    /// otherwise every key except the tokenizer's.
    /// </summary>
    public static Dictionary<string, torch.Tensor> TransformerOnly(IReadOnlyDictionary<string, torch.Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Keys.Any(k => k.StartsWith(LightningPrefix, StringComparison.Ordinal)))
        {
            return state.Where(kv => kv.Key.StartsWith(LightningPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[LightningPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        }

        return state.Where(kv => !kv.Key.StartsWith(TokenizerPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }
}
