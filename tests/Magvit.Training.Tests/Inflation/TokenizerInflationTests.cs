using Magvit.Model.Tokenizer;
using Magvit.Training.Inflation;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Training.Tests.Inflation;

public sealed class TokenizerInflationTests
{
    public TokenizerInflationTests() => TestSupport.InitTorch();

    [Fact]
    public void Inflate_OneFrameClip_EncodesAndDecodesAsTheImageModel()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (image, video) = Models();
        var x = Pixels([2, 3, 32, 32], 1);

        var imageLatent = image.EncodeLatent(x);
        var videoLatent = video.EncodeLatent(x.unsqueeze(2));          // (B, z, 1, h, w)

        AssertClose(imageLatent, videoLatent.squeeze(2), 1e-5);
        AssertClose(image.Decode(image.Quantize(imageLatent)), video.Decode(video.Quantize(videoLatent)).squeeze(2), 1e-4);
    }

    [Fact]
    public void Inflate_StillClip_DecodesToTheImageReconstructionInEveryFrame()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (image, video) = Models();
        var frame = Pixels([1, 3, 32, 32], 2);
        var clip = frame.unsqueeze(2).expand(1, 3, 9, 32, 32).contiguous();

        var expected = image.Decode(image.Quantize(image.EncodeLatent(frame)));
        var actual = video.Decode(video.Quantize(video.EncodeLatent(clip)));   // (1, 3, 9, 32, 32)

        Assert.Equal(9, actual.shape[2]);
        for (var t = 0; t < 9; t++)
        {
            AssertClose(expected, actual.select(2, t), 1e-4);
        }
    }

    [Fact]
    public void Inflate_MovingClip_LatentFrameJIsTheImageLatentOfFrame4J()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (image, video) = Models();
        var clip = Pixels([1, 3, 9, 32, 32], 3);

        var latents = video.EncodeLatent(clip);                               // (1, z, 3, h, w)

        Assert.Equal(3, latents.shape[2]);
        for (var j = 0; j < 3; j++)
        {
            AssertClose(image.EncodeLatent(clip.select(2, 4 * j)), latents.select(2, j), 1e-5);
        }
    }

    [Fact]
    public void InflateState_Kernels_CurrentFrameTapHoldsTheImageKernelAndUpsamplersAreDoubled()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (image, video) = Models();
        var imageState = image.state_dict();
        var videoState = video.state_dict();

        var conv = videoState["encoder.conv_in.conv_1.weight"];               // (O, C, 3, 3, 3)
        Assert.True(conv.select(2, 2).equal(imageState["encoder.conv_in.weight"]).all().item<bool>());
        Assert.Equal(0, conv.narrow(2, 0, 2).abs().max().item<float>());
        var up = videoState["decoder.up.3.upsample.conv1.conv_1.weight"];     // 8C outputs from the image's 4C
        var imageUp = imageState["decoder.up.3.upsample.conv1.weight"];
        Assert.Equal(2 * imageUp.shape[0], up.shape[0]);
        Assert.True(up.narrow(0, imageUp.shape[0], imageUp.shape[0]).select(2, 2).equal(imageUp).all().item<bool>());
    }

    [Fact]
    public void Inflate_ConfigsDifferingInMoreThanTheKind_Throws()
    {
        using var image = new MagvitTokenizer(TestSupport.Tiny(TokenizerKind.Image));
        using var video = new MagvitTokenizer(TestSupport.Tiny() with { ResBlocks = 2 });

        Assert.Throws<ArgumentException>(() => TokenizerInflation.Inflate(image, video));
    }

    /// <summary>A random image model (norms moved off identity so swapped tensors would show) and its inflation.</summary>
    private static (MagvitTokenizer Image, MagvitTokenizer Video) Models()
    {
        manual_seed(5);
        var image = new MagvitTokenizer(TestSupport.Tiny(TokenizerKind.Image));
        using (no_grad())
        {
            foreach (var (_, parameter) in image.named_parameters().Where(p => p.parameter.dim() == 1))
            {
                parameter.add_(randn(parameter.shape) * 0.1);
            }
        }

        var video = new MagvitTokenizer(TokenizerInflation.VideoConfig(image.Config));
        TokenizerInflation.Inflate(image, video);
        image.eval();
        video.eval();
        return (image, video);
    }

    private static Tensor Pixels(long[] shape, int seed) => (rand(shape, generator: new Generator((ulong)seed)) * 2) - 1;

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        var error = (expected - actual).abs().max().item<float>();
        Assert.True(error <= tolerance, $"max |Δ| = {error}");
    }
}
