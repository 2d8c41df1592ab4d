using System.Security.Cryptography;
using Magvit.Model.Generation;
using Magvit.Model.Generation.Masked;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;

namespace Magvit.Client.Tests.Support;

/// <summary>
/// Tiny random-weight models saved as model folders, as a deployment mounts them: a causal tokenizer with 6-bit
/// tokens (32×32 frames → 4×4 tokens, t = 4) and the masked tiny generator over the same tokens, whose folder names
/// that tokenizer (its weights' hash), so tokens flow tokenizer → generator → detokenizer as in production.
/// </summary>
internal static class TestModels
{
    public const int Bits = 6;
    public const int FrameSize = 32;

    private static readonly Lazy<string> Tokenizer = new(CreateTokenizer);
    private static readonly Lazy<string> Generator = new(CreateGenerator);

    public static string TokenizerPath => Tokenizer.Value;

    public static string GeneratorPath => Generator.Value;

    private static string CreateTokenizer()
    {
        TorchRuntime.Initialize();
        torch.manual_seed(11);
        var config = new TokenizerConfig { Kind = TokenizerKind.CausalVideo, Channels = 32, ChannelMultipliers = [1, 2, 2, 2], ResBlocks = 1, LatentChannels = Bits };
        using var model = new MagvitTokenizer(config);
        var folder = Directory.CreateTempSubdirectory("magvit-client-tokenizer-").FullName;
        TokenizerCheckpoint.Save(model, folder);
        return folder;
    }

    private static string CreateGenerator()
    {
        var tokenizer = TokenizerPath;
        torch.manual_seed(21);
        using var model = new MaskedTokenTransformer(MaskedPresets.Get(MaskedPresets.Tiny));
        var folder = Directory.CreateTempSubdirectory("magvit-client-generator-").FullName;
        MaskedCheckpoint.Save(model, folder);
        using var weights = File.OpenRead(Path.Combine(tokenizer, TokenizerCheckpoint.WeightsFile));
        new TokenizerReference
        {
            ModelId = Path.GetFileName(tokenizer),
            WeightsSha256 = Convert.ToHexStringLower(SHA256.HashData(weights)),
            Kind = TokenizerKind.CausalVideo,
            SpatialFactor = 8,
            TemporalFactor = 4,
        }.Write(folder);
        return folder;
    }
}
