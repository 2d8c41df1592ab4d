using System.Security.Cryptography;
using Magvit.Model.Tokenizer;

namespace Magvit.Hosting;

/// <summary>What the service is serving: the architecture and the identity of the weights (hash of the files).</summary>
/// <param name="ModelId">Folder or file name, or <c>random:&lt;preset&gt;</c>.</param>
/// <param name="WeightsSha256">Lower-case hex SHA-256 of the weights file; empty for random weights.</param>
/// <param name="Config">The architecture.</param>
public sealed record ServedModel(string ModelId, string WeightsSha256, TokenizerConfig Config)
{
    /// <summary>Identity of the weights the options name.</summary>
    public static (string ModelId, string WeightsSha256) Identify(MagvitHostOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            return ($"random:{options.Preset}", string.Empty);
        }

        var path = Path.GetFullPath(options.ModelPath);
        var weights = Directory.Exists(path) ? Path.Combine(path, TokenizerCheckpoint.WeightsFile) : path;
        using var stream = File.OpenRead(weights);
        return (Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar)), Convert.ToHexStringLower(SHA256.HashData(stream)));
    }
}
