using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;

namespace Magvit.Model.Tests.Tokenizer;

public sealed class StateDictKeyTests
{
    [Theory]
    [InlineData("open-magvit2-keys-image256L.txt", TokenizerKind.Image, new[] { 1, 1, 2, 2, 4 })]
    [InlineData("open-magvit2-keys-video128.txt", TokenizerKind.Video, new[] { 1, 2, 2, 4 })]
    [InlineData("open-magvit2-keys-video128.txt", TokenizerKind.CausalVideo, new[] { 1, 2, 2, 4 })]
    public void StateDict_ReleasedConfig_HasExactlyTheReferenceKeysAndShapes(string listing, TokenizerKind kind, int[] multipliers)
    {
        var expected = File.ReadAllLines(TestSupport.DataPath("keys", listing))
            .Where(line => line.Length > 0)
            .Select(line => line.Replace(" ", string.Empty, StringComparison.Ordinal))
            .ToHashSet();

        var actual = BuildOnMeta(new TokenizerConfig { Kind = kind, ChannelMultipliers = multipliers })
            .Select(kv => $"{kv.Key}[{string.Join(",", kv.Value)}]")
            .ToHashSet();

        Assert.Empty(expected.Except(actual));
        Assert.Empty(actual.Except(expected));
    }

    /// <summary>Full-size models on the META device: shapes without memory.</summary>
    private static Dictionary<string, long[]> BuildOnMeta(TokenizerConfig config)
    {
        TorchRuntime.Initialize();
        torch.set_default_device(torch.META);
        try
        {
            using var model = new MagvitTokenizer(config);
            return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        }
        finally
        {
            torch.set_default_device(torch.CPU);
        }
    }
}
