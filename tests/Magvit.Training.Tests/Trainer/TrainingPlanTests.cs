using Magvit.Model.Tokenizer;
using Magvit.Training.Data;
using Magvit.Training.Trainer;

namespace Magvit.Training.Tests.Trainer;

public sealed class TrainingPlanTests
{
    [Fact]
    public void DefaultTokenizerPlan_Loads_AndDescribesAnEightByFourEighteenBitCausalModel()
    {
        var plan = TrainingPlan.Load(TestSupport.RepoPath("models", "recipes", "tokenizer-default.json"));
        var config = plan.ResolveConfig();

        plan.Training.Validate();
        Assert.Equal(TokenizerPresets.CausalSmall, plan.Preset);
        Assert.Equal((TokenizerKind.CausalVideo, 8, 4, 18), (config.Kind, config.SpatialFactor, config.TemporalFactor, config.LatentChannels));
        Assert.Equal(ReconstructionLoss.L1, plan.Training.Reconstruction);
        Assert.True(plan.Training.ImageSteps > 0 && plan.Training.Steps > 0);
        Assert.Equal(0, (plan.Training.Frames - 1) % config.TemporalFactor);
        DataRecipe.Load(TestSupport.RepoPath(plan.DataRecipe.Split('/')));
    }

    [Fact]
    public void CausalSmall_Parameters_FitTwelveMegabytesInFp32()
    {
        TestSupport.InitTorch();
        using var model = new MagvitTokenizer(TokenizerPresets.Get(TokenizerPresets.CausalSmall));

        var parameters = model.parameters().Sum(p => p.numel());

        Assert.InRange(parameters * 4, 10_000_000, 12_100_000);
    }

    [Fact]
    public void Plan_RoundTripsThroughJson()
    {
        using var directory = new TempDirectory();
        var plan = TestSupport.TinyPlan(o => o with { ImageSteps = 5, Adversarial = true });

        TrainingJson.Write(directory.File("plan.json"), plan);
        var read = TrainingPlan.Load(directory.File("plan.json"));

        Assert.Equal(plan.Training with { Lfq = read.Training.Lfq }, read.Training);
        Assert.Equal(plan.Training.Lfq, read.Training.Lfq);
        Assert.Equal(plan.ResolveConfig().ChannelMultipliers, read.ResolveConfig().ChannelMultipliers);
    }
}
