using Magvit.Model.Tokenizer;
using Magvit.Model.Tokenizer.Layers;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Streaming;

/// <summary>One forward over stacked stream states equals a forward per stream: what cross-stream batching relies on.</summary>
public sealed class StreamStateStackingTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void EncodeFrames_StackedStreamsOfDifferentBatchSizes_EqualEachStreamAlone()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 21);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long[] rows = [1, 2, 1];
        var clips = rows.Select((b, i) => MagvitTokenizer.ToFrames(TestSupport.Pixels([b, 3, 9, 16, 16], seed: 30 + i))).ToList();
        var alone = rows.Select(_ => new StreamState()).ToList();
        var batched = rows.Select(_ => new StreamState()).ToList();

        // Units of 1, 4 and 4 frames: each yields one latent frame.
        foreach (var (start, length) in new[] { (0, 1), (1, 4), (5, 4) })
        {
            var expected = cat(clips.Select((clip, i) => model.EncodeFrames(clip[.., start..(start + length)], alone[i])).ToList(), 0);
            using var merged = StreamState.Stack(batched);
            var actual = model.EncodeFrames(cat(clips.Select(clip => clip[.., start..(start + length)]).ToList(), 0), merged);
            merged.Unstack(batched, rows);

            Assert.Equal(expected.shape, actual.shape);
            Assert.True((expected - actual).abs().max().item<float>() <= Tolerance);
        }

        Assert.Equal(alone.Select(s => s.HeldFrames), batched.Select(s => s.HeldFrames));
        alone.Concat(batched).ToList().ForEach(s => s.Dispose());
    }

    [Fact]
    public void DecodeFrames_StackedAtStartAndAtDifferentPositiveOffsets_EqualEachStreamAlone()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 22);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var latents = new[] { 40, 41 }.Select(seed => MagvitTokenizer.ToFrames(
            model.Quantize(model.EncodeLatent(TestSupport.Pixels([1, 3, 13, 16, 16], seed))))).ToList();  // (1, 4, z, 2, 2)
        StreamState[] alone = [new(), new()];
        StreamState[] batched = [new(), new()];

        StepBoth(model, latents, [0, 0], alone, batched);

        // Stream 0 runs one latent ahead: later steps stack offsets (2, 1) and (3, 2).
        DecodeOne(model, latents[0], 1, alone[0]);
        DecodeOne(model, latents[0], 1, batched[0]);
        StepBoth(model, latents, [2, 1], alone, batched);
        StepBoth(model, latents, [3, 2], alone, batched);

        alone.Concat(batched).ToList().ForEach(s => s.Dispose());
    }

    [Fact]
    public void Stack_FreshWithStartedState_Throws()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 23);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var started = new StreamState();
        model.EncodeFrames(MagvitTokenizer.ToFrames(TestSupport.Pixels([1, 3, 1, 16, 16], seed: 1)), started);

        Assert.Throws<ArgumentException>(() => StreamState.Stack([started, null]));
        Assert.Throws<ArgumentException>(() => StreamState.Stack([null, started]));
    }

    [Fact]
    public void Dispose_AfterUnstack_ReleasesEveryHeldTensor()
    {
        using var model = TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 24);
        using var noGrad = no_grad();

        // The count is process-wide: garbage of earlier tests must be finalized now, not during this test.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.TotalCount;
        StreamState[] states = [new(), new()];
        using (var scope = NewDisposeScope())
        {
            using var merged = StreamState.Stack(states);
            model.EncodeFrames(MagvitTokenizer.ToFrames(TestSupport.Pixels([2, 3, 1, 16, 16], seed: 2)), merged);
            merged.Unstack(states, [1, 1]);
        }

        Assert.True(states.All(s => s.HeldTensors > 0));
        states.ToList().ForEach(s => s.Dispose());
        Assert.Equal(before, Tensor.TotalCount);
    }

    private static void StepBoth(MagvitTokenizer model, List<Tensor> latents, int[] offsets, StreamState[] alone, StreamState[] batched)
    {
        var expected = cat(offsets.Select((at, i) => DecodeOne(model, latents[i], at, alone[i])).ToList(), 0);
        for (var i = 0; i < offsets.Length; i++)
        {
            batched[i].LatentOffset = offsets[i];
        }

        using var merged = StreamState.Stack(batched);
        var actual = model.DecodeFrames(cat(offsets.Select((at, i) => latents[i][.., at..(at + 1)]).ToList(), 0), merged);
        merged.Unstack(batched, [1, 1]);

        Assert.Equal(expected.shape, actual.shape);
        Assert.True((expected - actual).abs().max().item<float>() <= Tolerance, $"offsets {string.Join(",", offsets)}");
    }

    private static Tensor DecodeOne(MagvitTokenizer model, Tensor latentFrames, int index, StreamState state)
    {
        state.LatentOffset = index;
        return model.DecodeFrames(latentFrames[.., index..(index + 1)], state);
    }
}
