using TorchSharp;

namespace Magvit.Model.Tokenizer;

/// <summary>
/// Reads a tokenizer's architecture off its state-dict shapes (Open-MAGVIT2 key names). Video checkpoints of the
/// reference and of our causal variant have identical keys and shapes, so the kind of a video model is a choice.
/// </summary>
public static class TokenizerConfigInference
{
    /// <summary>The config whose state dict has these shapes; <paramref name="videoKind"/> for 5-D conv weights.</summary>
    public static TokenizerConfig FromStateDict(IReadOnlyDictionary<string, torch.Tensor> state, TokenizerKind videoKind = TokenizerKind.Video)
    {
        var isVideo = state.ContainsKey("encoder.conv_in.conv_1.weight");
        var suffix = isVideo ? ".conv_1.weight" : ".weight";
        var convIn = Shape(state, "encoder.conv_in" + suffix);
        var channels = (int)convIn[0];
        var levels = 0;
        while (state.ContainsKey($"encoder.down.{levels}.block.0.conv1{suffix}"))
        {
            levels++;
        }

        var resBlocks = 0;
        while (state.ContainsKey($"encoder.down.0.block.{resBlocks}.conv1{suffix}"))
        {
            resBlocks++;
        }

        if (levels == 0 || resBlocks == 0)
        {
            throw new ArgumentException("Not a MAGVIT-v2 tokenizer state dict: no encoder.down.0.block.0.conv1 weight.");
        }

        var multipliers = Enumerable.Range(0, levels)
            .Select(level => (int)(Shape(state, $"encoder.down.{level}.block.0.conv1{suffix}")[0] / channels))
            .ToArray();
        return new TokenizerConfig
        {
            Kind = isVideo ? videoKind : TokenizerKind.Image,
            Channels = channels,
            ChannelMultipliers = multipliers,
            ResBlocks = resBlocks,
            LatentChannels = (int)Shape(state, "encoder.conv_out" + suffix)[0],
            InChannels = (int)convIn[1],
            OutChannels = (int)Shape(state, "decoder.conv_out" + suffix)[0],
        };
    }

    private static long[] Shape(IReadOnlyDictionary<string, torch.Tensor> state, string key)
        => state.TryGetValue(key, out var tensor) ? tensor.shape : throw new ArgumentException($"Missing tokenizer key '{key}'.");
}
