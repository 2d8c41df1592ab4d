namespace Magvit.Model.Verification;

/// <summary>
/// Checks this implementation against a golden folder of reference outputs (manifest.json, .npy arrays,
/// weights.safetensors or weights.pt), whatever model the folder describes.
/// </summary>
public static class GoldenVerifier
{
    /// <summary>Runs the folder's call sequence and compares every array.</summary>
    public static GoldenReport Verify(string directory)
    {
        var manifest = GoldenManifest.Read(directory);
        if (manifest.Root.TryGetProperty("config", out var config) && config.TryGetProperty("ddconfig", out _))
        {
            return TokenizerGoldenVerifier.Verify(manifest);
        }

        if (ArGoldenVerifier.Recognizes(manifest))
        {
            return ArGoldenVerifier.Verify(manifest);
        }

        return new GoldenReport(directory, manifest.Model, [], [$"no verifier for this model yet: {manifest.Model}"]);
    }
}
