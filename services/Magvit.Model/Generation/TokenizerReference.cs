using System.Text.Json;
using Magvit.Model.Tokenizer;

namespace Magvit.Model.Generation;

/// <summary>
/// The tokenizer whose tokens a generator was trained on, stored beside the generator's weights as
/// <c>tokenizer.json</c>: a service passes it on so clients send generated tokens to the matching detokenizer.
/// </summary>
public sealed record TokenizerReference
{
    /// <summary>File name in a generator model folder.</summary>
    public const string FileName = "tokenizer.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The tokenizer's model id (its folder name).</summary>
    public string ModelId { get; init; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the tokenizer's weights file.</summary>
    public string WeightsSha256 { get; init; } = string.Empty;

    /// <summary>The tokenizer's architecture kind (frame rule).</summary>
    public TokenizerKind Kind { get; init; } = TokenizerKind.CausalVideo;

    /// <summary>Pixels per token along each spatial axis.</summary>
    public int SpatialFactor { get; init; }

    /// <summary>Frames per latent frame after the first.</summary>
    public int TemporalFactor { get; init; }

    /// <summary>The reference in <paramref name="directory"/>, or null when the folder has none.</summary>
    public static TokenizerReference? TryRead(string directory)
    {
        var file = Path.Combine(directory, FileName);
        return File.Exists(file) ? JsonSerializer.Deserialize<TokenizerReference>(File.ReadAllText(file), JsonOptions) : null;
    }

    /// <summary>Writes the reference into <paramref name="directory"/>.</summary>
    public void Write(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, JsonOptions));
}
