using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Generation.Masked;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;

namespace Magvit.Services.Tests;

/// <summary>
/// Tiny token models for the generator service: an autoregressive one saved as a model folder with a tokenizer
/// reference beside it (as training writes it), and the masked preset served from random weights.
/// </summary>
internal static class TinyGenerators
{
    public const int Bits = 10;

    public static readonly string TokenizerSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("tiny tokenizer"u8));

    public static readonly string MaskedPreset = GeneratorCheckpoint.MaskedPresetPrefix + MaskedPresets.Tiny;

    private static readonly Lazy<string> Folder = new(Create);

    /// <summary>3 latent frames of 6×6 tokens, 10-bit tokens split 4 + 6, 10 classes: long enough to cancel mid-way.</summary>
    public static AutoregressiveConfig Config { get; } = AutoregressivePresets.Get(AutoregressivePresets.Tiny) with { GridHeight = 6, GridWidth = 6, MaxFrames = 3 };

    public static string AutoregressivePath => Folder.Value;

    private static string Create()
    {
        TorchRuntime.Initialize();
        torch.manual_seed(21);
        using var model = new AutoregressiveTransformer(Config);

        // Open-MAGVIT2 initialises the heads to zero; random heads make the tiny model's distributions far from uniform.
        using (torch.no_grad())
        {
            foreach (var (_, parameter) in model.named_parameters())
            {
                parameter.normal_(0, 0.3);
            }
        }

        var folder = Directory.CreateTempSubdirectory("magvit-services-generator-").FullName;
        AutoregressiveCheckpoint.Save(model, folder);
        new TokenizerReference { ModelId = "tiny-tokenizer", WeightsSha256 = TokenizerSha256, Kind = TokenizerKind.CausalVideo, SpatialFactor = 8, TemporalFactor = 4 }.Write(folder);
        return folder;
    }
}
