using Magvit.Model.Tokenizer;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Tokenizer;

public sealed class MagvitTokenizerTests
{
    [Fact]
    public void EncodeDecode_Image_GivesLatentGridAndImageShape()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.Image));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TestSupport.Pixels([2, 3, 16, 24], seed: 1);

        var z = model.EncodeLatent(x);
        var ids = model.Indices(z);
        var y = model.DecodeIndices(ids);

        Assert.Equal([2L, 18, 2, 3], z.shape);
        Assert.Equal([2L, 2, 3], ids.shape);
        Assert.Equal(x.shape, y.shape);
    }

    [Theory]
    [InlineData(TokenizerKind.Video)]
    [InlineData(TokenizerKind.CausalVideo)]
    public void EncodeDecode_VideoOnePlusFourK_KeepsFrameCount(TokenizerKind kind)
    {
        using var model = TestSupport.Model(TestSupport.Tiny(kind));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TestSupport.Pixels([1, 3, 9, 16, 16], seed: 2);

        var z = model.EncodeLatent(x);
        var y = model.Decode(model.Quantize(z));

        Assert.Equal([1L, 18, 3, 2, 2], z.shape);
        Assert.Equal(x.shape, y.shape);
    }

    [Fact]
    public void Decode_FromIndices_EqualsDecodeFromQuantizedLatent()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var z = model.EncodeLatent(TestSupport.Pixels([1, 3, 5, 16, 16], seed: 3));

        var fromLatent = model.Decode(model.Quantize(z));
        var fromIds = model.DecodeIndices(model.Indices(z));

        Assert.Equal(0f, (fromLatent - fromIds).abs().max().item<float>());
    }

    [Fact]
    public void EncodeLatent_CausalVideo_LatentFramesIgnoreLaterFrames()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TestSupport.Pixels([1, 3, 9, 16, 16], seed: 4);
        var changed = x.clone();
        changed[.., .., 5..] = TestSupport.Pixels([1, 3, 4, 16, 16], seed: 5);

        var a = model.EncodeLatent(x);
        var b = model.EncodeLatent(changed);

        // Latent frames 0 and 1 cover input frames 0..4 only; frame 2 sees the change.
        Assert.Equal(0f, (a[.., .., ..2] - b[.., .., ..2]).abs().max().item<float>());
        Assert.True((a[.., .., 2] - b[.., .., 2]).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void EncodeLatent_ReferenceVideo_FirstLatentFrameDependsOnLaterFrames()
    {
        // The reference's GroupNorm pools over time: documented reason it streams in windows only.
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.Video));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TestSupport.Pixels([1, 3, 9, 16, 16], seed: 4);
        var changed = x.clone();
        changed[.., .., 5..] = TestSupport.Pixels([1, 3, 4, 16, 16], seed: 5);

        var difference = (model.EncodeLatent(x)[.., .., 0] - model.EncodeLatent(changed)[.., .., 0]).abs().max().item<float>();

        Assert.True(difference > 1e-5f);
    }

    [Fact]
    public void EncodeLatent_SizeNotMultipleOfFactor_ThrowsWithShape()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.Image));
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => model.EncodeLatent(zeros(1, 3, 20, 16)));
        Assert.Contains("multiples of 8", error.Message, StringComparison.Ordinal);
    }
}
