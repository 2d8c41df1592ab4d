using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Numerics;

/// <summary>Layers work channels-last; what the tokenizer hands out is plain contiguous, so raw reads see the reference order.</summary>
public sealed class TokenizerLayoutTests
{
    public TokenizerLayoutTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(TokenizerKind.Image)]
    [InlineData(TokenizerKind.Video)]
    [InlineData(TokenizerKind.CausalVideo)]
    public void EncodeLatentAndDecode_AnyKind_ReturnContiguousTensors(TokenizerKind kind)
    {
        using var scope = NewDisposeScope();
        using var model = new MagvitTokenizer(new TokenizerConfig { Kind = kind, Channels = 32, ChannelMultipliers = [1, 2], ResBlocks = 1 });
        long[] shape = kind == TokenizerKind.Image ? [1, 3, 8, 8] : [1, 3, 5, 8, 8];

        var latent = model.EncodeLatent(rand(shape));
        var pixels = model.Decode(model.Quantize(latent));

        Assert.True(latent.is_contiguous());
        Assert.True(pixels.is_contiguous());
        Assert.Equal(shape, pixels.shape);
    }
}
