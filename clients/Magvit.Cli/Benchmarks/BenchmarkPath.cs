using Magvit.Model.Tokenizer;

namespace Magvit.Cli.Benchmarks;

/// <summary>One thing <c>bench model</c> times: a preset at an input size (Frames = 1 for images).</summary>
internal sealed record BenchmarkPath(string Name, string Preset, int Frames, int Size)
{
    public static IReadOnlyList<string> Names { get; } = ["image", "video", "causal"];

    /// <summary>The path called <paramref name="name"/>; <paramref name="quick"/> shrinks the video clips to 9×64².</summary>
    public static BenchmarkPath Get(string name, bool quick) => name switch
    {
        "image" => new(name, TokenizerPresets.Image128L, 1, 128),
        "video" => quick ? new(name, TokenizerPresets.Video128, 9, 64) : new(name, TokenizerPresets.Video128, 17, 128),
        "causal" => quick ? new(name, TokenizerPresets.CausalDefault, 9, 64) : new(name, TokenizerPresets.CausalDefault, 17, 128),
        _ => throw new ArgumentException($"Unknown path '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>This path with <paramref name="frames"/> (video only) and <paramref name="size"/> where they are positive.</summary>
    public BenchmarkPath Resized(int frames, int size)
        => this with { Frames = frames > 0 && Frames > 1 ? frames : Frames, Size = size > 0 ? size : Size };

    /// <summary>E.g. <c>open-magvit2-video-128 at 17×128²</c>.</summary>
    public string Describe() => Frames == 1 ? $"{Preset} at {Size}²" : $"{Preset} at {Frames}×{Size}²";
}
