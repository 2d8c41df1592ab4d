namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// Named autoregressive architectures: Open-MAGVIT2's released class-conditional models (reference doc §4.2; 256²
/// ImageNet, 16×16 tokens, bits [6, 12]), the planned default video model and tiny configs for tests and smoke runs.
/// </summary>
public static class AutoregressivePresets
{
    /// <summary>OM2 AR "B": 24 + 2 blocks, width 1024, 16 heads (343.6M parameters).</summary>
    public const string OpenMagvit2B = "open-magvit2-ar-B";

    /// <summary>OM2 AR "L": 36 + 3 blocks, width 1280, 20 heads (804.4M parameters).</summary>
    public const string OpenMagvit2L = "open-magvit2-ar-L";

    /// <summary>OM2 AR "XL": 48 + 4 blocks, width 1536, 24 heads (1.49B parameters).</summary>
    public const string OpenMagvit2XL = "open-magvit2-ar-XL";

    /// <summary>
    /// The planned default: 17×64² video through the causal 8× tokenizer = 5 latent frames of 8×8 tokens (3-D RoPE),
    /// width 256, 4 heads, 6 + 2 blocks, 18-bit tokens split [6, 12], UCF-101's 101 classes (9.0M parameters).
    /// </summary>
    public const string Video64 = "ar-video-64";

    /// <summary>The golden set's architecture: width 64, 4 heads, 2 + 2 blocks, 4×4 grid, 10 classes, bits [4, 6].</summary>
    public const string Tiny = "ar-tiny";

    /// <summary><see cref="Tiny"/> over 3 latent frames of 3×4 (3-D RoPE), for video and frame-prediction tests.</summary>
    public const string TinyVideo = "ar-tiny-video";

    private static readonly AutoregressiveConfig TinyConfig = new()
    {
        Dim = 64,
        Heads = 4,
        SpatialLayers = 2,
        FactorizedLayers = 2,
        FfnMultipleOf = 32,
        ClassCount = 10,
        FactorizedBits = [4, 6],
        GridHeight = 4,
        GridWidth = 4,
    };

    private static readonly Dictionary<string, AutoregressiveConfig> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        [OpenMagvit2B] = new() { Dim = 1024, Heads = 16, SpatialLayers = 24, FactorizedLayers = 2 },
        [OpenMagvit2L] = new() { Dim = 1280, Heads = 20, SpatialLayers = 36, FactorizedLayers = 3 },
        [OpenMagvit2XL] = new() { Dim = 1536, Heads = 24, SpatialLayers = 48, FactorizedLayers = 4 },
        [Video64] = new()
        {
            Dim = 256, Heads = 4, SpatialLayers = 6, FactorizedLayers = 2, ClassCount = 101, GridHeight = 8, GridWidth = 8, MaxFrames = 5,
        },
        [Tiny] = TinyConfig,
        [TinyVideo] = TinyConfig with { GridHeight = 3, GridWidth = 4, MaxFrames = 3 },
    };

    /// <summary>Every preset name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [OpenMagvit2B, OpenMagvit2L, OpenMagvit2XL, Video64, Tiny, TinyVideo];

    /// <summary>The config called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No preset has that name; the message lists the names.</exception>
    public static AutoregressiveConfig Get(string name)
        => TryGet(name, out var config)
            ? config
            : throw new ArgumentException($"Unknown autoregressive preset '{name}'. Known presets: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Looks <paramref name="name"/> up without throwing.</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out AutoregressiveConfig config)
        => Presets.TryGetValue(name, out config);
}
