using Magvit.Training.Trainer;

namespace Magvit.Training.Tests.Trainer;

public sealed class LearningRateScheduleTests
{
    private static readonly LearningRateSchedule Schedule = new(1e-3, WarmupSteps: 4, TotalSteps: 10, MinRatio: 0.1);

    [Fact]
    public void At_WarmupSteps_RiseLinearlyToThePeak()
    {
        Assert.Equal([2.5e-4, 5e-4, 7.5e-4, 1e-3], Enumerable.Range(0, 4).Select(s => Math.Round(Schedule.At(s), 12)));
    }

    [Fact]
    public void At_AfterWarmup_FollowsTheCosineDownToTheMinimum()
    {
        Assert.Equal(1e-3, Schedule.At(4), 12);                                                   // cosine starts at the peak
        var expected = 1e-3 * (0.1 + (0.9 * 0.5 * (1 + Math.Cos(Math.PI * 2 / 5))));             // step 6: 2 of 5 cosine steps
        Assert.Equal(expected, Schedule.At(6), 12);
        Assert.Equal(1e-4, Schedule.At(9), 12);                                                   // last step at the minimum
        Assert.True(Enumerable.Range(4, 6).Select(s => Schedule.At(s)).Zip(Enumerable.Range(5, 5).Select(s => Schedule.At(s))).All(p => p.First > p.Second));
    }

    [Fact]
    public void At_NoWarmup_StartsAtThePeak()
    {
        Assert.Equal(1e-3, (Schedule with { WarmupSteps = 0 }).At(0), 12);
    }
}
