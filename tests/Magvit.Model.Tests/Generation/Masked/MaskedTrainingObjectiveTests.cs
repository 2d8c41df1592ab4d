using System.Diagnostics;
using Magvit.Model.Generation.Masked;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Masked;

public sealed class MaskedTrainingObjectiveTests
{
    [Fact]
    public void Compute_Backward_GivesZeroGradientToUnmaskedPositionsLogits()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        Tensor? logits = null;
        var remover = MaskedTestSupport.Child(model, "heads.1").register_forward_hook((_, _, output) =>
        {
            // Replace the head's output by a leaf we keep (outside every dispose scope) to read its gradient.
            logits = output.detach().requires_grad_(true).DetachFromDisposeScope();
            return logits;
        });
        using var hook = new MaskedTestSupport.Removal(remover.remove);

        var result = new MaskedTrainingObjective(model).Compute(Grids(2, frames: 2), tensor(new long[] { 0, 3 }), new Generator(3));
        result.Loss.backward();

        using var captured = logits!;
        var gradientNorm = captured.grad!.abs().sum(-1); // (B, L)
        var masked = result.Mask;
        Assert.True(masked.any().item<bool>());
        Assert.Equal(0f, gradientNorm.masked_select(masked.logical_not()).abs().max().item<float>());
        Assert.True(gradientNorm.masked_select(masked).min().item<float>() > 0f);
    }

    [Fact]
    public void Compute_PromptFrames_AreNeverMaskedAndEveryRowMasksSomething()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var objective = new MaskedTrainingObjective(model);
        var generator = new Generator(4);

        for (var draw = 0; draw < 5; draw++)
        {
            var mask = objective.Compute(Grids(8, frames: 3), null, generator, promptFrames: 2).Mask; // (8, 48)
            Assert.False(mask.narrow(1, 0, 32).any().item<bool>());
            Assert.True(mask.narrow(1, 32, 16).sum(1).min().item<long>() >= 1);
        }
    }

    [Fact]
    public void Compute_SameSeed_SameMaskAndLoss()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var objective = new MaskedTrainingObjective(model);

        var first = objective.Compute(Grids(4, frames: 2), null, new Generator(5), classDropout: 0.5);
        var again = objective.Compute(Grids(4, frames: 2), null, new Generator(5), classDropout: 0.5);

        Assert.True(first.Mask.eq(again.Mask).all().item<bool>());
        Assert.Equal(first.Loss.item<float>(), again.Loss.item<float>());
    }

    [Theory]
    [InlineData(1.0, 4L)]
    [InlineData(0.0, 2L)]
    public void Compute_ClassDropout_ReplacesClassesByTheNullClass(double dropout, long expectedFirst)
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var (classes, hook) = MaskedTestSupport.RecordPasses(model);
        using (hook)
        {
            new MaskedTrainingObjective(model).Compute(Grids(3, frames: 1), tensor(new long[] { 2, 2, 2 }), new Generator(6), classDropout: dropout);
        }

        Assert.Equal(Enumerable.Repeat(expectedFirst, 3), Assert.Single(classes));
    }

    [Fact]
    public void Compute_PromptCoversEveryFrame_Throws()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new MaskedTrainingObjective(model).Compute(Grids(1, frames: 2), null, new Generator(1), promptFrames: 2));

        Assert.Equal("promptFrames", error.ParamName);
    }

    [Fact]
    public void Adam_FortySteps_OverfitsOneFixedGrid()
    {
        using var model = MaskedTestSupport.Model(seed: 11, sharpen: false);
        using var scope = NewDisposeScope();
        var objective = new MaskedTrainingObjective(model);
        var grids = Grids(8, frames: 1); // one grid, repeated so each step sees eight masks
        var classes = full(8, 1L, ScalarType.Int64);
        double Evaluate()
        {
            using var noGrad = no_grad();
            model.eval();
            return objective.Compute(grids, classes, new Generator(100)).Loss.item<float>();
        }

        var before = Evaluate();
        var clock = Stopwatch.StartNew();
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
        var generator = new Generator(12);
        var threads = get_num_threads();
        set_num_threads(1); // ops this small only pay for thread hand-offs, which stall badly on a busy machine
        try
        {
            model.train();
            for (var step = 0; step < 40; step++)
            {
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                objective.Compute(grids, classes, generator).Loss.backward();
                optimizer.step();
            }
        }
        finally
        {
            set_num_threads(threads);
        }

        var after = Evaluate();
        Assert.True(after < 0.25 * before, $"loss {before:F3} → {after:F3} in {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>(B, F, 4, 4) copies of one deterministic grid.</summary>
    private static Tensor Grids(int batch, int frames)
        => tensor(MaskedTestSupport.Ids(frames * 16, seed: 9)).view(1, frames, 4, 4).expand(batch, -1, -1, -1).contiguous();
}
