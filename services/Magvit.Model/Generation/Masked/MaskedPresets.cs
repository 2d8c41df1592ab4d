namespace Magvit.Model.Generation.Masked;

/// <summary>
/// Named masked-transformer architectures. The full-size ones follow MAGVIT v1's "L" transformer (24 layers,
/// width 1024, 16 heads, MLP 4096; reference doc §4.1) with MAGVIT-v2's [9, 9] factorisation of 18-bit tokens; the
/// planned default is a small model for 64² video.
/// </summary>
public static class MaskedPresets
{
    /// <summary>Two small layers over 3 frames of 4×4 tokens with [3, 3]-bit ids and 4 classes: tests and smoke runs.</summary>
    public const string Tiny = "tiny";

    /// <summary>Class-conditional ImageNet 256² (16×16 tokens of the 16× tokenizer, 1000 classes).</summary>
    public const string Image256 = "image-256";

    /// <summary>Class-conditional video at 17×128² (5 latent frames of 16×16 tokens, UCF-101's 101 classes).</summary>
    public const string Video128 = "video-128";

    /// <summary>
    /// The planned default: 17×64² video through the causal 8× tokenizer = 5 latent frames of 8×8 tokens, width 256,
    /// 4 heads, 6 layers, MLP 1024, 18-bit tokens split [9, 9], UCF-101's 101 classes (5.4M parameters).
    /// </summary>
    public const string Video64 = "video-64";

    private static readonly Dictionary<string, MaskedTransformerConfig> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        [Tiny] = new()
        {
            Dim = 32, Heads = 2, Layers = 2, MlpHidden = 64, FactorizedBits = [3, 3], ClassCount = 4,
            MaxFrames = 3, GridHeight = 4, GridWidth = 4, Dropout = 0.0,
        },
        [Image256] = new() { ClassCount = 1000, MaxFrames = 1, GridHeight = 16, GridWidth = 16 },
        [Video128] = new() { ClassCount = 101, MaxFrames = 5, GridHeight = 16, GridWidth = 16 },
        [Video64] = new()
        {
            Dim = 256, Heads = 4, Layers = 6, MlpHidden = 1024, ClassCount = 101, MaxFrames = 5, GridHeight = 8, GridWidth = 8,
        },
    };

    /// <summary>Every preset name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Tiny, Image256, Video128, Video64];

    /// <summary>The config called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No preset has that name; the message lists the names.</exception>
    public static MaskedTransformerConfig Get(string name)
        => TryGet(name, out var config)
            ? config
            : throw new ArgumentException($"Unknown masked-transformer preset '{name}'. Known presets: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Looks <paramref name="name"/> up without throwing.</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out MaskedTransformerConfig config)
        => Presets.TryGetValue(name, out config);
}
