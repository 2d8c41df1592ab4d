using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Generation.Masked;
using Magvit.Model.Weights;
using TorchSharp;

namespace Magvit.Model.Generation;

/// <summary>
/// Loads any token model ready to generate: a model folder (<c>model.safetensors</c> whose metadata "format" names
/// the kind, + <c>config.json</c>), an Open-MAGVIT2 AR checkpoint, or random weights of a preset (tests, smoke runs).
/// </summary>
public static class GeneratorCheckpoint
{
    /// <summary>Weights file in a model folder.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Prefix that selects a masked preset (the masked presets' own names follow it).</summary>
    public const string MaskedPresetPrefix = "masked-";

    /// <summary>Every preset name <see cref="CreateRandom"/> accepts.</summary>
    public static IReadOnlyList<string> PresetNames { get; } =
        [.. AutoregressivePresets.Names, .. MaskedPresets.Names.Select(n => MaskedPresetPrefix + n)];

    /// <summary>The model at <paramref name="path"/>, in eval mode, owning its weights.</summary>
    public static ITokenGenerator Load(string path)
    {
        var weights = Directory.Exists(path) ? Path.Combine(path, WeightsFile) : path;
        if (File.Exists(weights) && IsSafeTensors(weights)
            && SafeTensors.ReadMetadata(weights).TryGetValue("format", out var format) && format == MaskedCheckpoint.Format)
        {
            return new MaskedGenerator(MaskedCheckpoint.Load(path));
        }

        // Our AR folders and Open-MAGVIT2's checkpoints (.ckpt, .pt, .safetensors) alike.
        return new AutoregressiveGenerator(AutoregressiveCheckpoint.Load(path));
    }

    /// <summary>A model of preset <paramref name="preset"/> (see <see cref="PresetNames"/>) with seeded random weights.</summary>
    public static ITokenGenerator CreateRandom(string preset, long seed)
    {
        ArgumentNullException.ThrowIfNull(preset);
        torch.manual_seed(seed);
        if (preset.StartsWith(MaskedPresetPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new MaskedGenerator(new MaskedTokenTransformer(MaskedPresets.Get(preset[MaskedPresetPrefix.Length..])));
        }

        if (!AutoregressivePresets.TryGet(preset, out var config))
        {
            throw new ArgumentException($"Unknown generator preset '{preset}'. Known presets: {string.Join(", ", PresetNames)}.", nameof(preset));
        }

        return new AutoregressiveGenerator(new AutoregressiveTransformer(config));
    }

    private static bool IsSafeTensors(string file)
    {
        using var stream = File.OpenRead(file);
        return SafeTensorsHeader.HasMagic(stream);
    }
}
