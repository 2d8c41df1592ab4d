using Magvit.Training.Data;

namespace Magvit.Training.Tests.Data;

public sealed class SeededRandomTests
{
    [Fact]
    public void NextUInt64_SameSeed_SameSequence()
    {
        var (a, b) = (new SeededRandom(17), new SeededRandom(17));
        Assert.Equal(Enumerable.Range(0, 8).Select(_ => a.NextUInt64()), Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void NextInt_ManyDraws_CoverTheRangeAndStayInIt()
    {
        var random = new SeededRandom(3);
        var seen = new int[7];
        for (var i = 0; i < 7000; i++)
        {
            seen[random.NextInt(7)]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void State_AllZero_IsRejected()
    {
        var random = new SeededRandom(1);
        Assert.Throws<ArgumentException>(() => random.State = [0, 0, 0, 0]);
    }
}
