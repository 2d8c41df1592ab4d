using Magvit.Model.Generation;
using Magvit.Model.Runtime;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation;

public sealed class TokenSamplerTests
{
    public TokenSamplerTests() => TorchRuntime.Initialize();

    [Fact]
    public void Guide_ConditionalThenUnconditionalRows_ReturnsUncondPlusScaledDifference()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 1f, 2f, 3f, 0f, 4f, 3f }, [2, 3]); // cond [1, 2, 3]; uncond [0, 4, 3]

        var guided = TokenSampler.Guide(logits, 2.0);

        Assert.Equal(new[] { 2f, 0f, 3f }, guided.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 3 }, guided.shape);
    }

    [Fact]
    public void Guide_OddNumberOfRows_Throws()
    {
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => TokenSampler.Guide(zeros(3, 4), 2.0));
    }

    [Fact]
    public void Sample_Greedy_TakesEachRowsArgmaxWhateverTheTemperature()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 0.1f, 3f, -1f, 2f, 5f, 4.9f }, [2, 3]);

        var ids = TokenSampler.Sample(logits, new SamplingOptions { Greedy = true, Temperature = 7 }, null);

        Assert.Equal(new[] { 1L, 1L }, ids.data<long>().ToArray());
    }

    [Fact]
    public void Filter_TopK_KeepsTheKLargestAndScalesByTemperature()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 1f, 4f, 3f, 2f }, [1, 4]);

        var filtered = TokenSampler.Filter(logits, new SamplingOptions { TopK = 2, Temperature = 2 }).data<float>().ToArray();

        Assert.Equal(new[] { float.NegativeInfinity, 2f, 1.5f, float.NegativeInfinity }, filtered);
    }

    [Theory]
    [InlineData(0.75, new[] { true, true, false, false })]  // mass before entries: 0, .5, .8, .95
    [InlineData(0.85, new[] { true, true, true, false })]
    [InlineData(0.3, new[] { true, false, false, false })]  // the top entry always stays
    public void Filter_TopP_KeepsTheSmallestSetReachingP(double topP, bool[] kept)
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 0.05f, 0.3f, 0.5f, 0.15f }, [1, 4]).log(); // unsorted on purpose
        var expected = new[] { kept[3], kept[1], kept[0], kept[2] };

        var filtered = TokenSampler.Filter(logits, new SamplingOptions { TopP = topP }).data<float>().ToArray();

        Assert.Equal(expected, filtered.Select(float.IsFinite).ToArray());
    }

    [Fact]
    public void Sample_SameSeed_SameDraws_DifferentSeed_DifferentDraws()
    {
        using var scope = NewDisposeScope();
        var logits = zeros(64, 100); // uniform: 64 draws from 100 ids
        var options = new SamplingOptions();

        long[] Draw(long seed)
        {
            using var generator = TokenSampler.SeededGenerator(seed);
            return TokenSampler.Sample(logits, options, generator).data<long>().ToArray();
        }

        Assert.Equal(Draw(5), Draw(5));
        Assert.NotEqual(Draw(5), Draw(6));
    }

    [Fact]
    public void Sample_TopKOne_AlwaysDrawsTheArgmax()
    {
        using var scope = NewDisposeScope();
        using var generator = TokenSampler.SeededGenerator(3);
        var logits = randn(new long[] { 200, 16 }, generator: new Generator(9));

        var ids = TokenSampler.Sample(logits, new SamplingOptions { TopK = 1 }, generator);

        Assert.Equal(logits.argmax(-1).data<long>().ToArray(), ids.data<long>().ToArray());
    }

    [Fact]
    public void Sample_HighTemperature_FlattensTheDistribution()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 0f, 1f }, [1, 2]).expand(4000, 2).contiguous(); // p(1) = 0.731 at T = 1

        double ShareOfOnes(double temperature)
        {
            using var generator = TokenSampler.SeededGenerator(11);
            return TokenSampler.Sample(logits, new SamplingOptions { Temperature = temperature }, generator).to_type(ScalarType.Float64).mean().item<double>();
        }

        Assert.InRange(ShareOfOnes(1), 0.70, 0.76);
        Assert.InRange(ShareOfOnes(100), 0.47, 0.53);
    }
}
