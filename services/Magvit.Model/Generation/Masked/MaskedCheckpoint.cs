using System.Text.Json;
using Magvit.Model.Weights;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// Loads and saves masked token transformers as a model folder: <c>model.safetensors</c> (the module's state-dict
/// keys) and <c>config.json</c> (a <see cref="MaskedTransformerConfig"/>). Loading is strict: every key and shape
/// must match the config's architecture.
/// </summary>
public static class MaskedCheckpoint
{
    /// <summary>Weights file in a model folder.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Config file in a model folder.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>The safetensors metadata "format" value of our masked models.</summary>
    public const string Format = "magvit-grpc-masked";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>A model (eval mode, on the CPU) from a model folder.</summary>
    /// <exception cref="WeightLoadException">The weights do not match the config: lists every difference.</exception>
    public static MaskedTokenTransformer Load(string directory)
    {
        var config = ReadConfig(Path.Combine(directory, ConfigFile));
        var state = SafeTensors.Read(Path.Combine(directory, WeightsFile));
        try
        {
            var model = new MaskedTokenTransformer(config);
            StateDictLoader.LoadStrict(model, state);
            model.eval();
            return model;
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Writes <paramref name="model"/> as a model folder (created if needed).</summary>
    public static void Save(MaskedTokenTransformer model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        using var scope = NewDisposeScope();
        var state = StateDictLoader.StateDict(model, string.Empty).ToDictionary(kv => kv.Key, kv => kv.Value.cpu());
        var metadata = new Dictionary<string, string> { ["format"] = Format };
        SafeTensors.Write(Path.Combine(directory, WeightsFile), state, metadata);
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(model.Config, JsonOptions));
    }

    /// <summary>Reads and validates a config.json.</summary>
    public static MaskedTransformerConfig ReadConfig(string file)
    {
        var config = JsonSerializer.Deserialize<MaskedTransformerConfig>(File.ReadAllText(file), JsonOptions)
            ?? throw new InvalidDataException($"{file} holds no masked transformer config.");
        config.Validate();
        return config;
    }
}
