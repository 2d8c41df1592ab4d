using Magvit.Model.Generation;
using Magvit.Model.Generation.Masked;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Masked;

public sealed class MaskedDecoderTests
{
    private const int Mask = 8; // part 0's [MASK] row in the tiny model

    [Fact]
    public void DecodeFrame_EightSteps_RunsEightPassesAndRemasksOnSchedule()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var (inputs, hook) = MaskedTestSupport.RecordPartZero(model);
        using (hook)
        {
            Decode(model, new SamplingOptions { Steps = 8, Seed = 1 });
        }

        Assert.Equal(8, inputs.Count);
        var maskedPerPass = inputs.Select(i => i.Ids.Count(id => id == Mask)).ToArray();
        Assert.Equal([16, 15, 14, 13, 11, 8, 6, 3], maskedPerPass); // 16, then DecodingCounts(8, 16) without its final 0
    }

    [Fact]
    public void DecodeFrame_ContextAndGivenTokens_AreNeverMaskedOrChanged()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var context = tensor(MaskedTestSupport.Ids(16, seed: 4)).view(1, 16);
        var frameIds = tensor(MaskedTestSupport.Ids(16, seed: 5)).view(1, 16);
        var given = arange(16).remainder(4).eq(0).view(1, 16); // positions 0, 4, 8, 12
        var (inputs, hook) = MaskedTestSupport.RecordPartZero(model);
        Tensor result;
        using (hook)
        {
            result = new MaskedDecoder(model).DecodeFrame(
                context, frameIds, given, tensor(new long[] { 1 }), new SamplingOptions { Steps = 5, Seed = 2 }, new Generator(2), CancellationToken.None);
        }

        var expectedContext = context.remainder(8).view(-1).data<long>().ToArray(); // part 0 = low 3 bits
        var frameInput = frameIds.remainder(8).view(-1).data<long>().ToArray();
        foreach (var (ids, shape) in inputs)
        {
            Assert.Equal(new long[] { 1, 32 }, shape);
            Assert.Equal(expectedContext, ids[..16]);
            foreach (var position in new[] { 0, 4, 8, 12 })
            {
                Assert.Equal(frameInput[position], ids[16 + position]);
            }
        }

        var output = result.data<long>().ToArray();
        Assert.All(new[] { 0, 4, 8, 12 }, p => Assert.Equal(frameIds.data<long>()[p], output[p]));
        Assert.All(output, id => Assert.InRange(id, 0, 63));
    }

    [Fact]
    public void DecodeFrame_WithGuidance_RunsConditionalAndNullRowsAsOneBatch()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var (classes, hook) = MaskedTestSupport.RecordPasses(model);
        using (hook)
        {
            Decode(model, new SamplingOptions { Steps = 4, GuidanceScale = 3.0 }, batch: 2, classId: 1);
        }

        Assert.Equal(4, classes.Count);
        Assert.All(classes, c => Assert.Equal(new long[] { 1, 1, 4, 4 }, c)); // 2B rows: conditional, then null class
    }

    [Fact]
    public void DecodeFrame_WithoutGuidance_RunsOneRowPerSample()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var (classes, hook) = MaskedTestSupport.RecordPasses(model);
        using (hook)
        {
            Decode(model, new SamplingOptions { Steps = 3 }, batch: 2, classId: 1);
        }

        Assert.All(classes, c => Assert.Equal(new long[] { 1, 1 }, c));
    }

    [Fact]
    public void DecodeFrame_SameSeed_SameTokensAndAnotherSeedDiffers()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();

        var first = Decode(model, new SamplingOptions { Steps = 4, Seed = 7 }).data<long>().ToArray();
        var again = Decode(model, new SamplingOptions { Steps = 4, Seed = 7 }).data<long>().ToArray();
        var other = Decode(model, new SamplingOptions { Steps = 4, Seed = 8 }).data<long>().ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void DecodeFrame_Greedy_DoesNotDependOnTheSeed()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();

        var first = Decode(model, new SamplingOptions { Steps = 4, Greedy = true, Seed = 1 }).data<long>().ToArray();
        var second = Decode(model, new SamplingOptions { Steps = 4, Greedy = true, Seed = 99 }).data<long>().ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void DecodeFrame_CancelledDuringAPass_StopsBeforeTheNextPass()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        using var cancellation = new CancellationTokenSource();
        var (classes, hook) = MaskedTestSupport.RecordPasses(model, passes =>
        {
            if (passes == 2)
            {
                cancellation.Cancel();
            }
        });
        using (hook)
        {
            Assert.ThrowsAny<OperationCanceledException>(() => Decode(model, new SamplingOptions { Steps = 8 }, cancellationToken: cancellation.Token));
        }

        Assert.Equal(2, classes.Count);
    }

    private static Tensor Decode(
        MaskedTokenTransformer model, SamplingOptions sampling, int batch = 1, int classId = 0, CancellationToken cancellationToken = default)
        => new MaskedDecoder(model).DecodeFrame(
            zeros(batch, 0, ScalarType.Int64),
            zeros(batch, 16, ScalarType.Int64),
            zeros(batch, 16, ScalarType.Bool),
            full(batch, (long)classId, ScalarType.Int64),
            sampling,
            new Generator((ulong)sampling.Seed),
            cancellationToken);
}
