using System.Text.Json;
using Magvit.Model.Weights;
using TorchSharp;

namespace Magvit.Model.Tokenizer;

/// <summary>
/// Loads and saves tokenizers. Our format is a folder with <c>model.safetensors</c> (encoder.* and decoder.* keys,
/// the reference's names) and <c>config.json</c> (a <see cref="TokenizerConfig"/>). Open-MAGVIT2 checkpoints
/// (.ckpt, torch.save .pt, .safetensors) load directly, their architecture inferred from the shapes.
/// </summary>
public static class TokenizerCheckpoint
{
    /// <summary>Weights file in a model folder.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Config file in a model folder.</summary>
    public const string ConfigFile = "config.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>
    /// A tokenizer from a model folder or a checkpoint file. <paramref name="useEma"/> takes Lightning's EMA copy
    /// (what Open-MAGVIT2's reported metrics use); <paramref name="videoKind"/> applies to video checkpoints without
    /// a config.json.
    /// </summary>
    public static MagvitTokenizer Load(string path, bool useEma = false, TokenizerKind videoKind = TokenizerKind.Video)
    {
        var (state, config) = ReadState(path, useEma, videoKind);
        var model = new MagvitTokenizer(config);
        StateDictLoader.LoadStrict(model, state);
        model.eval();
        return model;
    }

    /// <summary>The tokenizer tensors (encoder.*, decoder.*) and architecture of a folder or checkpoint.</summary>
    public static (Dictionary<string, torch.Tensor> State, TokenizerConfig Config) ReadState(string path, bool useEma = false, TokenizerKind videoKind = TokenizerKind.Video)
    {
        if (Directory.Exists(path))
        {
            var config = ReadConfig(Path.Combine(path, ConfigFile));
            return (TokenizerOnly(CheckpointReader.ReadStateDict(Path.Combine(path, WeightsFile), useEma)), config);
        }

        var state = TokenizerOnly(CheckpointReader.ReadStateDict(path, useEma));
        return (state, TokenizerConfigInference.FromStateDict(state, videoKind));
    }

    /// <summary>Writes <paramref name="model"/> as a model folder.</summary>
    public static void Save(MagvitTokenizer model, string directory) => Save(model.state_dict(), model.Config, directory);

    /// <summary>Writes tensors and config as a model folder.</summary>
    public static void Save(IReadOnlyDictionary<string, torch.Tensor> state, TokenizerConfig config, string directory)
    {
        Directory.CreateDirectory(directory);
        var metadata = new Dictionary<string, string> { ["format"] = "magvit-grpc-tokenizer", ["kind"] = config.Kind.ToString() };
        SafeTensors.Write(Path.Combine(directory, WeightsFile), TokenizerOnly(state), metadata);
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, JsonOptions));
    }

    /// <summary>Reads a config.json.</summary>
    public static TokenizerConfig ReadConfig(string file)
    {
        var config = JsonSerializer.Deserialize<TokenizerConfig>(File.ReadAllText(file), JsonOptions)
            ?? throw new InvalidDataException($"{file} holds no tokenizer config.");
        config.Validate();
        return config;
    }

    /// <summary>Checkpoints also hold losses, discriminators and EMA copies: keep the tokenizer's own tensors.</summary>
    private static Dictionary<string, torch.Tensor> TokenizerOnly(IReadOnlyDictionary<string, torch.Tensor> state)
        => state.Where(kv => kv.Key.StartsWith("encoder.", StringComparison.Ordinal) || kv.Key.StartsWith("decoder.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
}
