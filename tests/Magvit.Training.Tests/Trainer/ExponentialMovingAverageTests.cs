using Magvit.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Training.Tests.Trainer;

public sealed class ExponentialMovingAverageTests
{
    public ExponentialMovingAverageTests() => TestSupport.InitTorch();

    [Theory]
    [InlineData(false, 0.9)]   // fixed decay
    [InlineData(true, 0.1)]    // first update with warm-up: min(0.9, (1 + 0)/(10 + 0))
    public void Update_OneStep_MovesTheShadowByOneMinusDecay(bool warmup, double decay)
    {
        using var scope = NewDisposeScope();
        using var module = nn.Linear(2, 1);
        using (no_grad())
        {
            module.weight!.copy_(tensor(new[,] { { 1f, 2f } }));
        }

        using var ema = new ExponentialMovingAverage(module, 0.9, warmup);
        using (no_grad())
        {
            module.weight!.copy_(tensor(new[,] { { 3f, 6f } }));
        }

        ema.Update(module);

        var expected = new[] { (float)((decay * 1) + ((1 - decay) * 3)), (float)((decay * 2) + ((1 - decay) * 6)) };
        Assert.Equal(expected, ema.State["weight"].data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(1, ema.Updates);
    }

    [Fact]
    public void DecayAt_WithWarmup_RampsToTheConfiguredDecay()
    {
        using var module = nn.Linear(1, 1);
        using var ema = new ExponentialMovingAverage(module, 0.999, warmup: true);

        Assert.Equal(0.1, ema.DecayAt(0), 12);
        Assert.Equal(0.91, ema.DecayAt(90), 12);
        Assert.Equal(0.999, ema.DecayAt(1_000_000), 12);
    }
}
