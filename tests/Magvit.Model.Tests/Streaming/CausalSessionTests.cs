using Magvit.Model.Streaming;
using Magvit.Model.Tokenizer;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Streaming;

public sealed class CausalSessionTests
{
    public static TheoryData<int[]> Chunkings => new()
    {
        new[] { 17 },
        new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 2, 3, 5, 7 },
        new[] { 4, 4, 4, 4, 1 },
        new[] { 1, 16 },
        new[] { 9, 0, 8 },
    };

    [Theory]
    [MemberData(nameof(Chunkings))]
    public void EncoderPush_AnyChunking_EqualsWholeClip(int[] chunks)
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 7);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var clip = TestSupport.Pixels([2, 3, 17, 16, 16], seed: 8);
        var whole = model.EncodeLatent(clip);

        using var session = new CausalEncoderSession(model);
        var parts = new List<Tensor>();
        var start = 0;
        foreach (var size in chunks)
        {
            parts.Add(session.Push(clip[.., .., start..(start + size)]));
            start += size;
        }

        var streamed = cat(parts, 2);
        Assert.Equal(whole.shape, streamed.shape);
        Assert.True((whole - streamed).abs().max().item<float>() <= 1e-5f);
        Assert.Equal(0L, (model.Indices(whole) != model.Indices(streamed)).sum().item<long>());
    }

    [Fact]
    public void EncoderPush_FrameByFrame_EmitsEachLatentWhenItsLastFrameArrives()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var clip = TestSupport.Pixels([1, 3, 9, 16, 16], seed: 9);
        using var session = new CausalEncoderSession(model);

        var emitted = Enumerable.Range(0, 9).Select(t => session.Push(clip[.., .., t..(t + 1)]).shape[2]).ToArray();

        // Latent 0 ← frame 0; latent j ← frames 4j−3 … 4j.
        Assert.Equal([1L, 0, 0, 0, 1, 0, 0, 0, 1], emitted);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public void DecoderPush_AnyChunking_EqualsWholeClip(int[] frameChunks)
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 10);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var q = model.Quantize(model.EncodeLatent(TestSupport.Pixels([2, 3, 17, 16, 16], seed: 11)));
        var whole = model.Decode(q);

        // Reuse the frame chunkings as latent chunk sizes, capped to the 5 latent frames.
        using var session = new CausalDecoderSession(model);
        var parts = new List<Tensor>();
        var start = 0L;
        foreach (var size in frameChunks)
        {
            var take = Math.Min(size, q.shape[2] - start);
            parts.Add(session.Push(q[.., .., (int)start..(int)(start + take)]));
            start += take;
        }

        var streamed = cat(parts.Where(p => p.shape[2] > 0).ToList(), 2);
        Assert.Equal(whole.shape, streamed.shape);
        Assert.True((whole - streamed).abs().max().item<float>() <= 1e-5f);
    }

    [Fact]
    public void DecoderPush_LatentByLatent_EmitsOneThenFourFrames()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var q = model.Quantize(model.EncodeLatent(TestSupport.Pixels([1, 3, 9, 16, 16], seed: 12)));
        using var session = new CausalDecoderSession(model);

        var emitted = Enumerable.Range(0, 3).Select(j => session.Push(q[.., .., j..(j + 1)]).shape[2]).ToArray();

        Assert.Equal([1L, 4, 4], emitted);
    }

    [Fact]
    public void Sessions_LongStream_HoldOnlyTheReceptiveField()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo));
        using var noGrad = no_grad();
        using var encoder = new CausalEncoderSession(model);
        using var decoder = new CausalDecoderSession(model);
        var held = new List<long>();

        for (var chunk = 0; chunk < 24; chunk++)
        {
            using var scope = NewDisposeScope();
            var latents = encoder.Push(TestSupport.Pixels([1, 3, 4, 16, 16], seed: chunk));
            decoder.Push(model.Quantize(latents));
            held.Add(encoder.HeldFrames + decoder.HeldFrames);
        }

        Assert.Equal(96, encoder.FramesIn);
        Assert.Equal(93, decoder.FramesOut);                  // 24 latents → 4·23 + 1 frames
        Assert.True(held.Skip(2).All(h => h == held[2]), string.Join(",", held));
    }

    [Fact]
    public void Constructor_NonCausalModel_Throws()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.Video));
        Assert.Throws<ArgumentException>(() => new CausalEncoderSession(model));
    }
}
