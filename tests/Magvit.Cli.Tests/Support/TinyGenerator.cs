using Magvit.Model.Generation.Masked;
using Magvit.Model.Runtime;
using TorchSharp;

namespace Magvit.Cli.Tests.Support;

/// <summary>
/// A masked generator folder that fits causal-tiny's tokens: 18-bit ids ([9, 9]) on a 4×4 grid (32×32 frames), 3
/// latent frames (9 frames), two narrow layers: a demo on it takes seconds.
/// </summary>
internal static class TinyGenerator
{
    public static readonly MaskedTransformerConfig Config = new()
    {
        Dim = 32, Heads = 2, Layers = 2, MlpHidden = 64, FactorizedBits = [9, 9], ClassCount = 4,
        MaxFrames = 3, GridHeight = 4, GridWidth = 4, Dropout = 0.0,
    };

    public static string Write(string directory)
    {
        TorchRuntime.Initialize();
        torch.manual_seed(5);
        using var model = new MaskedTokenTransformer(Config);
        MaskedCheckpoint.Save(model, directory);
        return directory;
    }
}
