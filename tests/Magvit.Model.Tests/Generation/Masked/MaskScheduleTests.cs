using Magvit.Model.Generation.Masked;

namespace Magvit.Model.Tests.Generation.Masked;

public sealed class MaskScheduleTests
{
    [Fact]
    public void TrainingRatio_EndsAndMiddle_AreCosineClippedToOneMillionth()
    {
        Assert.Equal(1.0, MaskSchedule.TrainingRatio(0.0));
        Assert.Equal(Math.Cos(Math.PI / 4), MaskSchedule.TrainingRatio(0.5));
        Assert.Equal(1e-6, MaskSchedule.TrainingRatio(1.0));
        Assert.Equal(1e-6, MaskSchedule.TrainingRatio(1.0 - 1e-12));
    }

    [Theory]
    [InlineData(1e-6, 16, 1)]
    [InlineData(0.5, 16, 8)]
    [InlineData(0.99, 16, 15)]
    [InlineData(1.0, 16, 16)]
    [InlineData(0.5, 0, 0)]
    public void TrainingMaskCount_Ratio_FloorsWithAtLeastOne(double ratio, int maskable, int expected)
        => Assert.Equal(expected, MaskSchedule.TrainingMaskCount(ratio, maskable));

    [Fact]
    public void DecodingCounts_TwelveStepsOver256Tokens_FollowCosineFloor()
        => Assert.Equal([253, 247, 236, 221, 203, 181, 155, 128, 97, 66, 33, 0], MaskSchedule.DecodingCounts(12, 256));

    [Fact]
    public void DecodingCounts_EightStepsOverOneFrame_EndAtZero()
        => Assert.Equal([15, 14, 13, 11, 8, 6, 3, 0], MaskSchedule.DecodingCounts(8, 16));

    [Fact]
    public void DecodingCounts_MoreStepsThanTokens_KeepOneMaskedUntilTheLastStep()
        => Assert.Equal([2, 1, 1, 1, 1, 0], MaskSchedule.DecodingCounts(6, 3));

    [Fact]
    public void DecodingCounts_OneStep_DecodesEverything()
        => Assert.Equal([0], MaskSchedule.DecodingCounts(1, 16));

    [Theory]
    [InlineData(0, 4, 16, 5, 4)] // the schedule says 14, but at most unknown − 1 stay masked
    [InlineData(2, 4, 16, 1, 1)] // at least one stays masked while steps remain
    [InlineData(3, 4, 16, 1, 0)] // the last step fills everything
    public void MaskedAfterStep_Clamps_ToOneAndUnknownMinusOne(int step, int steps, int maskable, int unknown, int expected)
        => Assert.Equal(expected, MaskSchedule.MaskedAfterStep(step, steps, maskable, unknown));

    [Fact]
    public void MaskedAfterStep_StepPastTheEnd_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => MaskSchedule.MaskedAfterStep(4, 4, 16, 16));
}
