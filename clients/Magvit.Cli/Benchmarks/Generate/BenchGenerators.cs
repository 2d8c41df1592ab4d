using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Generation.Masked;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// The in-process generators of <c>bench generate</c>: one autoregressive transformer served twice (with and without
/// the KV cache, so both runs use the very same weights) and one masked generator, each from its model path or from
/// random weights of its preset. The resolved choices tell the gRPC hosts what to serve.
/// </summary>
internal sealed class BenchGenerators : IDisposable
{
    private BenchGenerators(AutoregressiveGenerator cached, ModelChoice arChoice, MaskedGenerator masked, ModelChoice maskedChoice)
    {
        Cached = cached;
        Uncached = new AutoregressiveGenerator(cached.Model, useKvCache: false, ownsModel: false);
        ArChoice = arChoice;
        Masked = masked;
        MaskedChoice = maskedChoice;
    }

    /// <summary>The autoregressive model with its KV cache (owns the model).</summary>
    public AutoregressiveGenerator Cached { get; }

    /// <summary>The same model recomputing the whole prefix at every step.</summary>
    public AutoregressiveGenerator Uncached { get; }

    /// <summary>The masked generator.</summary>
    public MaskedGenerator Masked { get; }

    /// <summary>Where the autoregressive model came from.</summary>
    public ModelChoice ArChoice { get; }

    /// <summary>Where the masked model came from.</summary>
    public ModelChoice MaskedChoice { get; }

    /// <summary>
    /// Loads each model path (its kind decides which generator it replaces) and builds the rest from presets. Throws
    /// <see cref="ArgumentException"/> when two paths are of one kind, or a path and a preset name the same kind.
    /// </summary>
    public static BenchGenerators Create(GenerateSettings settings)
    {
        var loaded = new List<(string Path, ITokenGenerator Generator)>();
        AutoregressiveGenerator? ar = null;
        try
        {
            foreach (var path in settings.ModelPaths)
            {
                loaded.Add((path, GeneratorCheckpoint.Load(path)));
            }

            var arLoaded = Single(loaded, GeneratorKind.Autoregressive, settings.ArPreset is not null, "--ar-preset");
            var maskedLoaded = Single(loaded, GeneratorKind.Masked, settings.MaskedPreset is not null, "--masked-preset");
            var arChoice = new ModelChoice(arLoaded?.Path, settings.ArPresetName);
            var maskedChoice = new ModelChoice(maskedLoaded?.Path, settings.MaskedPresetName);
            ar = (AutoregressiveGenerator?)arLoaded?.Generator ?? Spread(Random<AutoregressiveGenerator>(arChoice.Preset));
            var masked = (MaskedGenerator?)maskedLoaded?.Generator ?? Random<MaskedGenerator>(maskedChoice.Preset);
            return new BenchGenerators(ar, arChoice, masked, maskedChoice);
        }
        catch
        {
            loaded.ForEach(l => l.Generator.Dispose());
            if (ar is not null && !loaded.Any(l => ReferenceEquals(l.Generator, ar)))
            {
                ar.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Uncached.Dispose();
        Cached.Dispose();
        Masked.Dispose();
    }

    private static (string Path, ITokenGenerator Generator)? Single(
        List<(string Path, ITokenGenerator Generator)> loaded, GeneratorKind kind, bool presetGiven, string presetOption)
    {
        var ofKind = loaded.Where(l => l.Generator.Description.Kind == kind).ToList();
        if (ofKind.Count > 1)
        {
            throw new ArgumentException($"--model names {ofKind.Count} {kind} models ({string.Join(", ", ofKind.Select(l => l.Path))}); give one of each kind.");
        }

        if (ofKind.Count == 1 && presetGiven)
        {
            throw new ArgumentException($"--model {ofKind[0].Path} is the {kind} model; {presetOption} names another. Give one of them.");
        }

        return ofKind.Count == 1 ? ofKind[0] : null;
    }

    private static T Random<T>(string preset)
        where T : class, ITokenGenerator
    {
        var generator = GeneratorCheckpoint.CreateRandom(preset, seed: 0);
        return generator as T ?? throw new ArgumentException($"Preset {preset} is not a {typeof(T).Name} preset.");
    }

    /// <summary>
    /// Random weights that make greedy decoding depend on its input, so "cached and uncached tokens are identical"
    /// means something: Open-MAGVIT2 starts the heads at zero (all logits 0: every greedy token would be id 0).
    /// Matrices N(0, 1/fan_in), which keeps activations O(1) through the blocks; vectors (norm gains) 1 + N(0, 0.1²).
    /// Speed does not depend on the values.
    /// </summary>
    private static AutoregressiveGenerator Spread(AutoregressiveGenerator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var random = new torch.Generator(1);
        foreach (var (_, parameter) in generator.Model.named_parameters())
        {
            var noise = randn(parameter.shape, generator: random);
            parameter.copy_(parameter.dim() == 1 ? (noise * 0.1) + 1 : noise / Math.Sqrt(parameter.shape[^1]));
        }

        return generator;
    }
}
