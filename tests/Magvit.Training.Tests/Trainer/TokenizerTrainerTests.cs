using Magvit.Model.Tokenizer;
using Magvit.Training.Data;
using Magvit.Training.Trainer;
using static TorchSharp.torch;

namespace Magvit.Training.Tests.Trainer;

public sealed class TokenizerTrainerTests
{
    public TokenizerTrainerTests() => TestSupport.InitTorch();

    [Theory]
    [InlineData(1)] // inside the image phase
    [InlineData(2)] // at the end of the image phase, before inflation
    [InlineData(4)] // in the video phase
    public void Train_ResumedAfterKSteps_IsBitwiseIdenticalToAStraightRun(long k)
    {
        // Image phase, inflation, adversarial terms with LeCAM and an interleaved image batch: every piece of state.
        var plan = TestSupport.TinyPlan(o => o with { ImageSteps = 2, Steps = 4, Adversarial = true, ImageBatchEvery = 3, DiscriminatorChannels = 8, DiscriminatorLayers = 2 });
        var data = TestSupport.SyntheticData();
        using var straightDir = new TempDirectory();
        using var splitDir = new TempDirectory();

        using var straight = new TokenizerTrainer(plan, data, straightDir.Path);
        var straightSummary = straight.Train();
        using (var first = new TokenizerTrainer(plan, data, splitDir.Path))
        {
            first.Train(untilStep: k);
            first.SaveCheckpoint();
        }

        using var resumed = new TokenizerTrainer(plan, data, splitDir.Path, resume: true);
        Assert.Equal(k, resumed.Step);
        var resumedSummary = resumed.Train();

        Assert.True(straightSummary.Completed && resumedSummary.Completed);
        Assert.Equal(straightSummary.LastLosses, resumedSummary.LastLosses);
        AssertBitwiseEqual(straight.Model.state_dict(), resumed.Model.state_dict());
        AssertBitwiseEqual(straight.Ema.State, resumed.Ema.State);
        AssertBitwiseEqual(
            TokenizerCheckpoint.ReadState(Path.Combine(straight.Run.Checkpoint, "raw")).State,
            TokenizerCheckpoint.ReadState(Path.Combine(resumed.Run.Checkpoint, "raw")).State);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(straight.Run.Checkpoint, RunFolder.DiscriminatorFile)),
            File.ReadAllBytes(Path.Combine(resumed.Run.Checkpoint, RunFolder.DiscriminatorFile)));
    }

    [Fact]
    public void Train_TinyModelOnAFixedClip_ReconstructionLossFalls()
    {
        var plan = TestSupport.TinyPlan(o => o with { Steps = 40, Frames = 1, LearningRate = 2e-3, WarmupSteps = 2, MinLearningRateRatio = 0.5 });
        var clip = new MediaClip("fixed", TestSupport.Pattern(16, 16, 1), 1.0);
        var data = new TrainingDataset("fixed", [clip], []);
        using var run = new TempDirectory();
        using var trainer = new TokenizerTrainer(plan with { Config = TestSupport.Tiny(TokenizerKind.Image) }, data, run.Path);

        var losses = new List<double>();
        for (var step = 1; step <= 40; step++)
        {
            losses.Add(trainer.Train(untilStep: step).LastLosses!.Reconstruction);
        }

        var (early, late) = (losses.Take(5).Average(), losses.TakeLast(5).Average());
        Assert.True(late < 0.6 * early, $"reconstruction loss went from {early:F4} to {late:F4}");
    }

    [Fact]
    public void Train_WithValidation_WritesSamplesMetricsCheckpointAndModel()
    {
        var plan = TestSupport.TinyPlan(o => o with { ImageSteps = 1, Steps = 2 });
        using var run = new TempDirectory();
        using var trainer = new TokenizerTrainer(plan, TestSupport.SyntheticData(), run.Path);

        var summary = trainer.Train();

        Assert.True(summary.Completed);
        Assert.Equal(3, summary.Steps);
        Assert.NotNull(summary.LastValidation);
        Assert.Equal(2, File.ReadAllLines(trainer.Run.MetricsFile).Length);    // end of each phase
        Assert.Equal(2, Directory.GetFiles(trainer.Run.Samples, "*.png").Length);
        Assert.True(summary.LastValidation!.VideoPsnr > 0 && summary.LastValidation.ImagePsnr > 0);
        using var exported = TokenizerCheckpoint.Load(trainer.Run.Model);
        Assert.Equal(TokenizerKind.CausalVideo, exported.Config.Kind);
        Assert.Contains("mixed precision off", summary.Precision, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PerceptualWeight_ThrowsTheExplanation()
    {
        var plan = TestSupport.TinyPlan(o => o with { PerceptualWeight = 1.0 });
        using var run = new TempDirectory();

        var error = Assert.Throws<PerceptualLossUnavailableException>(() => new TokenizerTrainer(plan, TestSupport.SyntheticData(), run.Path));

        Assert.Contains("LPIPS", error.Message, StringComparison.Ordinal);
        Assert.Contains("perceptual weight of 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FreshRunOverACheckpointOrResumeWithoutOne_Throws()
    {
        var plan = TestSupport.TinyPlan(o => o with { Steps = 1 });
        using var run = new TempDirectory();
        Assert.Throws<InvalidOperationException>(() => new TokenizerTrainer(plan, TestSupport.SyntheticData(), run.Path, resume: true));
        using (var trainer = new TokenizerTrainer(plan, TestSupport.SyntheticData(), run.Path))
        {
            trainer.Train();
        }

        Assert.Throws<InvalidOperationException>(() => new TokenizerTrainer(plan, TestSupport.SyntheticData(), run.Path));
        var changed = plan with { Training = plan.Training with { LearningRate = 5e-4 } };
        Assert.Throws<ArgumentException>(() => new TokenizerTrainer(changed, TestSupport.SyntheticData(), run.Path, resume: true));
    }

    [Fact]
    public void Constructor_FramesNotOnePlusMultipleOfFour_Throws()
    {
        using var run = new TempDirectory();
        var error = Assert.Throws<ArgumentException>(() => new TokenizerTrainer(TestSupport.TinyPlan(o => o with { Frames = 6 }), TestSupport.SyntheticData(), run.Path));
        Assert.Contains("1 + 4k", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CropTooSmallForTheDiscriminator_Throws()
    {
        using var run = new TempDirectory();
        var plan = TestSupport.TinyPlan(o => o with { Adversarial = true, DiscriminatorLayers = 3 });

        var error = Assert.Throws<ArgumentException>(() => new TokenizerTrainer(plan, TestSupport.SyntheticData(), run.Path));

        Assert.Contains("discriminator", error.Message, StringComparison.Ordinal);
    }

    private static void AssertBitwiseEqual(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected)
        {
            Assert.True(value.contiguous().bytes.SequenceEqual(actual[key].contiguous().bytes), $"'{key}' differs");
        }
    }
}
