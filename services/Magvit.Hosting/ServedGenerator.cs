using System.Security.Cryptography;
using Magvit.Model.Generation;

namespace Magvit.Hosting;

/// <summary>What the generator service is serving.</summary>
/// <param name="ModelId">Folder name, or <c>random:&lt;preset&gt;</c>.</param>
/// <param name="WeightsSha256">Lower-case hex SHA-256 of the weights file; empty for random weights.</param>
/// <param name="Description">The model's kind and limits.</param>
/// <param name="Tokenizer">The tokenizer the model was trained on, when its folder says.</param>
public sealed record ServedGenerator(string ModelId, string WeightsSha256, GeneratorDescription Description, TokenizerReference? Tokenizer)
{
    /// <summary>Identity and tokenizer reference of the model the options name.</summary>
    public static ServedGenerator Describe(MagvitHostOptions options, GeneratorDescription description)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            return new ServedGenerator($"random:{options.Preset}", string.Empty, description, null);
        }

        var path = Path.GetFullPath(options.ModelPath);
        var weights = Directory.Exists(path) ? Path.Combine(path, GeneratorCheckpoint.WeightsFile) : path;
        using var stream = File.OpenRead(weights);
        return new ServedGenerator(
            Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar)),
            Convert.ToHexStringLower(SHA256.HashData(stream)),
            description,
            Directory.Exists(path) ? TokenizerReference.TryRead(path) : null);
    }
}
