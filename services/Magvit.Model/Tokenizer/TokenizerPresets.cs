namespace Magvit.Model.Tokenizer;

/// <summary>
/// Named architectures: the released Open-MAGVIT2 tokenizers (reference doc §1.1) and our causal default. Names are
/// what the command line and configuration files use.
/// </summary>
public static class TokenizerPresets
{
    /// <summary>Open-MAGVIT2 <c>imagenet_128_L</c>: 8× down-sampling, 16×16 tokens at 128².</summary>
    public const string Image128L = "open-magvit2-image-128L";

    /// <summary>Open-MAGVIT2 <c>imagenet_256_L</c>: 16× down-sampling, 16×16 tokens at 256².</summary>
    public const string Image256L = "open-magvit2-image-256L";

    /// <summary>Open-MAGVIT2 <c>video_128_262144</c>: 4×8×8 down-sampling, 5×16×16 tokens for 17×128².</summary>
    public const string Video128 = "open-magvit2-video-128";

    /// <summary>Our strictly causal streaming tokenizer (not final: change <see cref="CausalDefaultConfig"/> only).</summary>
    public const string CausalDefault = "causal-default";

    /// <summary>The smallest causal config with the default's factors (8× spatial, 4× temporal): tests, smoke runs, demos of streaming memory.</summary>
    public const string CausalTiny = "causal-tiny";

    /// <summary>
    /// The size of the committed default tokenizer (models/recipes/tokenizer-default.json): causal-tiny's full-resolution
    /// layers (the training cost) with a 32-channel deepest level, 3.0 M parameters (12 MB fp32, 6 MB fp16), trainable
    /// on two CPU cores in about two hours.
    /// </summary>
    public const string CausalSmall = "causal-small";

    private static readonly TokenizerConfig CausalDefaultConfig = new()
    {
        Kind = TokenizerKind.CausalVideo,
        Channels = 64,
        ChannelMultipliers = [1, 2, 2, 4],
        ResBlocks = 2,
        LatentChannels = 18,
    };

    private static readonly Dictionary<string, TokenizerConfig> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        [Image128L] = new() { Kind = TokenizerKind.Image, Channels = 128, ChannelMultipliers = [1, 2, 2, 4], ResBlocks = 4, LatentChannels = 18 },
        [Image256L] = new() { Kind = TokenizerKind.Image, Channels = 128, ChannelMultipliers = [1, 1, 2, 2, 4], ResBlocks = 4, LatentChannels = 18 },
        [Video128] = new() { Kind = TokenizerKind.Video, Channels = 128, ChannelMultipliers = [1, 2, 2, 4], ResBlocks = 4, LatentChannels = 18 },
        [CausalDefault] = CausalDefaultConfig,
        [CausalTiny] = new() { Kind = TokenizerKind.CausalVideo, Channels = 32, ChannelMultipliers = [1, 2, 2, 2], ResBlocks = 1, LatentChannels = 18 },
        [CausalSmall] = new() { Kind = TokenizerKind.CausalVideo, Channels = 32, ChannelMultipliers = [1, 2, 2, 1], ResBlocks = 1, LatentChannels = 18 },
    };

    /// <summary>Every preset name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Image128L, Image256L, Video128, CausalDefault, CausalTiny, CausalSmall];

    /// <summary>The config called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No preset has that name; the message lists the names.</exception>
    public static TokenizerConfig Get(string name)
        => TryGet(name, out var config)
            ? config
            : throw new ArgumentException($"Unknown tokenizer preset '{name}'. Known presets: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Looks <paramref name="name"/> up without throwing.</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TokenizerConfig config)
        => Presets.TryGetValue(name, out config);
}
