using Magvit.Model.Streaming;
using Magvit.Model.Tokenizer;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Streaming;

public sealed class WindowedSessionTests
{
    [Fact]
    public void ReferenceVideo_TwoWindowsInOddChunks_EqualEncodingEachWindowAlone()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.Video), seed: 3);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var clip = TestSupport.Pixels([1, 3, 18, 16, 16], seed: 4);
        using var session = TokenizerSessions.CreateEncoder(model, windowFrames: 9);

        var first = session.Push(clip[.., .., ..7]);
        var second = session.Push(clip[.., .., 7..]);
        var tail = session.Complete();

        Assert.Equal(0, first.shape[2]);
        var expected = cat([model.EncodeLatent(clip[.., .., ..9]), model.EncodeLatent(clip[.., .., 9..18])], 2);
        Assert.Equal(0f, (second - expected).abs().max().item<float>());
        Assert.Equal(0, tail.shape[0]);
    }

    [Fact]
    public void ImageModel_FramesAreIndependentImages_DecodeRoundTripShape()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.Image));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var clip = TestSupport.Pixels([1, 3, 3, 16, 16], seed: 5);
        using var encoder = TokenizerSessions.CreateEncoder(model);
        using var decoder = TokenizerSessions.CreateDecoder(model);

        var latents = encoder.Push(clip);
        var frames = decoder.Push(model.Quantize(latents));

        Assert.Equal([1L, 18, 3, 2, 2], latents.shape);
        Assert.Equal(0f, (latents[.., .., 1] - model.EncodeLatent(clip[.., .., 1])).abs().max().item<float>());
        Assert.Equal(clip.shape, frames.shape);
    }

    [Fact]
    public void Constructor_WindowNotOnePlusFourK_Throws()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.Video));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowedEncoderSession(model, 8));
    }
}
