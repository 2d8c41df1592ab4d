using Magvit.Model.Generation;
using Magvit.Model.Generation.Masked;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Masked;

public sealed class MaskedGeneratorTests
{
    private static readonly TokenGrid Video = new(3, 4, 4);

    [Fact]
    public void Generate_VideoWithOnePromptFrame_ReportsEachNewFrameOnceInOrder()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        var (classes, hook) = MaskedTestSupport.RecordPasses(generator.Model);
        var reported = new List<GeneratedTokens>();
        using (hook)
        {
            generator.Generate(Request(Video, prompt: MaskedTestSupport.Ids(16, seed: 1), steps: 5), reported.Add, CancellationToken.None);
        }

        Assert.Equal([16L, 32L], reported.Select(r => r.FirstIndex));
        Assert.Equal([5, 10], reported.Select(r => r.StepsSoFar));
        Assert.All(reported, r => Assert.Equal(16, r.Ids.Count));
        Assert.All(reported.SelectMany(r => r.Ids), id => Assert.InRange(id, 0, 63));
        Assert.Equal(10, classes.Count); // Steps forward passes per generated frame
    }

    [Fact]
    public void Generate_Image_ReportsOneFrame()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        var reported = new List<GeneratedTokens>();

        generator.Generate(Request(new TokenGrid(1, 4, 4), steps: 3), reported.Add, CancellationToken.None);

        var only = Assert.Single(reported);
        Assert.Equal(0, only.FirstIndex);
        Assert.Equal(3, only.StepsSoFar);
    }

    [Fact]
    public void Generate_FrameByFrame_FeedsThePromptUnchangedAndNoLaterFrames()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        var prompt = MaskedTestSupport.Ids(16, seed: 2);
        var (inputs, hook) = MaskedTestSupport.RecordPartZero(generator.Model);
        var reported = new List<GeneratedTokens>();
        using (hook)
        {
            generator.Generate(Request(Video, prompt: prompt, steps: 2), reported.Add, CancellationToken.None);
        }

        Assert.Equal([32L, 32L, 48L, 48L], inputs.Select(i => i.Shape[1])); // frame f sees frames 0..f only
        var promptPartZero = prompt.Select(id => id % 8).ToArray();
        Assert.All(inputs, i => Assert.Equal(promptPartZero, i.Ids[..16]));
        var frameOne = reported[0].Ids.Select(id => id % 8).ToArray();
        Assert.Equal(frameOne, inputs[2].Ids[16..32]); // the generated frame is context for the next, as reported
    }

    [Fact]
    public void Generate_SameSeed_ReproducesAndGreedyIgnoresTheSeed()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());

        var first = Collect(generator, Request(Video, steps: 3, seed: 5, classId: 2));
        var again = Collect(generator, Request(Video, steps: 3, seed: 5, classId: 2));
        var other = Collect(generator, Request(Video, steps: 3, seed: 6, classId: 2));
        var greedy = Collect(generator, Request(Video, steps: 3, seed: 5, greedy: true));
        var greedyOther = Collect(generator, Request(Video, steps: 3, seed: 6, greedy: true));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(greedy, greedyOther);
    }

    [Fact]
    public void Generate_GuidanceWithAClass_RunsBatchOfTwoAndWithoutAClassOneRow()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        var (classes, hook) = MaskedTestSupport.RecordPasses(generator.Model);
        using (hook)
        {
            generator.Generate(Request(new TokenGrid(1, 4, 4), steps: 2, classId: 3, guidance: 2.0), _ => { }, CancellationToken.None);
            generator.Generate(Request(new TokenGrid(1, 4, 4), steps: 2, guidance: 2.0), _ => { }, CancellationToken.None);
        }

        Assert.Equal([[3L, 4L], [3L, 4L], [4L], [4L]], classes);
    }

    [Fact]
    public void Generate_CancelledDuringAPass_ThrowsBeforeTheNextPass()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        using var cancellation = new CancellationTokenSource();
        var reported = new List<GeneratedTokens>();
        var (classes, hook) = MaskedTestSupport.RecordPasses(generator.Model, passes =>
        {
            if (passes == 6)
            {
                cancellation.Cancel();
            }
        });
        using (hook)
        {
            Assert.ThrowsAny<OperationCanceledException>(
                () => generator.Generate(Request(Video, steps: 4), reported.Add, cancellation.Token));
        }

        Assert.Equal(6, classes.Count);
        Assert.Single(reported); // frame 0 finished after pass 4; frame 1 was cut short
    }

    [Fact]
    public void Score_LaterFrame_DoesNotChangeEarlierFramesScores()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        var tokens = MaskedTestSupport.Ids(48, seed: 3);
        var changed = tokens.ToArray();
        changed[40] = (changed[40] + 9) % 64;

        var scores = generator.Score(Video, 1, tokens, CancellationToken.None);
        var rescored = generator.Score(Video, 1, changed, CancellationToken.None);

        Assert.Equal(48, scores.Length);
        Assert.All(scores, s => Assert.True(s < 0 && float.IsFinite(s)));
        Assert.Equal(scores[..32], rescored[..32]);
        Assert.NotEqual(scores[40], rescored[40]);
    }

    [Fact]
    public void Score_FirstFrame_IsTheLogProbabilityOfTheFullyMaskedFrame()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        using var scope = NewDisposeScope();
        var tokens = MaskedTestSupport.Ids(16, seed: 4);

        var scores = generator.Score(new TokenGrid(1, 4, 4), null, tokens, CancellationToken.None);

        var logits = generator.Model.call(zeros(1, 16, ScalarType.Int64), ones(1, 16, ScalarType.Bool), tensor(new long[] { 4 }));
        var ids = tensor(tokens);
        var expected = logits[0][0].log_softmax(-1).gather(1, ids.remainder(8).unsqueeze(1)).squeeze(1)
            + logits[1][0].log_softmax(-1).gather(1, ids.floor_divide(8).unsqueeze(1)).squeeze(1);
        var actual = tensor(scores);
        Assert.True((expected - actual).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Description_TinyModel_ReportsItsLimits()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());

        var description = generator.Description;

        Assert.Equal(GeneratorKind.Masked, description.Kind);
        Assert.Equal([3, 3], description.Factorization.Bits);
        Assert.Equal((4, 3, 4, 4), (description.ClassCount, description.MaxFrames, description.Height, description.Width));
        Assert.Equal(generator.Model.parameters().Sum(p => p.numel()), description.Parameters);
    }

    internal static GenerationRequest Request(
        TokenGrid grid, long[]? prompt = null, int steps = 4, long seed = 0, int? classId = null, bool greedy = false, double guidance = 1.0)
        => new(
            grid,
            new GenerationCondition { ClassId = classId, PromptTokens = prompt ?? [] },
            new SamplingOptions { Steps = steps, Seed = seed, Greedy = greedy, GuidanceScale = guidance });

    private static long[] Collect(MaskedGenerator generator, GenerationRequest request)
    {
        var ids = new List<long>();
        generator.Generate(request, r => ids.AddRange(r.Ids), CancellationToken.None);
        return [.. ids];
    }
}
