using System.Text.Json;
using System.Text.RegularExpressions;

namespace Magvit.Model.Verification;

/// <summary>The parts of a golden folder's manifest.json the verifier uses.</summary>
public sealed partial class GoldenManifest
{
    private GoldenManifest(string directory, JsonElement root)
    {
        Directory = directory;
        Root = root;
        Model = root.TryGetProperty("model", out var model) ? model.GetString() ?? string.Empty : string.Empty;
        Arrays = root.TryGetProperty("arrays", out var arrays)
            ? arrays.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetProperty("file").GetString() ?? a.Name + ".npy")
            : [];
        CallSequence = root.TryGetProperty("call_sequence", out var calls) && calls.ValueKind == JsonValueKind.Array
            ? calls.EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToArray()
            : [];
    }

    /// <summary>The golden folder.</summary>
    public string Directory { get; }

    /// <summary>The whole manifest.</summary>
    public JsonElement Root { get; }

    /// <summary>Model description, e.g. "Open-MAGVIT2 image tokenizer (…)".</summary>
    public string Model { get; }

    /// <summary>Array name → file name.</summary>
    public IReadOnlyDictionary<string, string> Arrays { get; }

    /// <summary>The reference's call sequence, as text.</summary>
    public IReadOnlyList<string> CallSequence { get; }

    /// <summary>Reads <c>manifest.json</c> in <paramref name="directory"/>.</summary>
    public static GoldenManifest Read(string directory)
    {
        var path = Path.Combine(directory, "manifest.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No manifest.json in {directory}.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new GoldenManifest(directory, document.RootElement.Clone());
    }

    /// <summary>Path of an array file.</summary>
    public string ArrayPath(string name) => Path.Combine(Directory, Arrays[name]);

    /// <summary>The <c>factorized_bits=[a,b]</c> named in the call sequence, if any.</summary>
    public int[]? FactorizedBits()
    {
        foreach (var line in CallSequence)
        {
            var match = FactorizedBitsPattern().Match(line);
            if (match.Success)
            {
                return match.Groups[1].Value.Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            }
        }

        return null;
    }

    [GeneratedRegex(@"factorized_bits=\[([0-9,\s]+)\]")]
    private static partial Regex FactorizedBitsPattern();
}
