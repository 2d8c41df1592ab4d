using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Autoregressive;

public sealed class AutoregressiveGeneratorTests
{
    [Fact]
    public void Description_TinyPreset_ReportsLimitsAndTheGoldenParameterCount()
    {
        using var generator = new AutoregressiveGenerator(ArTestModels.Model(ArTestModels.Image));

        var description = generator.Description;

        Assert.Equal(GeneratorKind.Autoregressive, description.Kind);
        Assert.Equal(new[] { 4, 6 }, description.Factorization.Bits);
        Assert.Equal((10, 1, 4, 4), (description.ClassCount, description.MaxFrames, description.Height, description.Width));
        Assert.Equal(224_512, description.Parameters); // the golden manifest's count
    }

    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(false, 3.0)]
    [InlineData(true, 2.0)]
    public void Generate_GreedyWithAndWithoutKvCache_GiveIdenticalTokens(bool video, double guidance)
    {
        var config = video ? ArTestModels.Video : ArTestModels.Image;
        var grid = ArTestModels.Grid(config);
        var prompt = video ? ArTestModels.RandomTokens(config, grid.TokensPerFrame, 8) : [];
        var request = new GenerationRequest(
            grid, new GenerationCondition { ClassId = 6, PromptTokens = prompt }, new SamplingOptions { Greedy = true, GuidanceScale = guidance });
        using var cached = new AutoregressiveGenerator(ArTestModels.Model(config, seed: 4));
        using var recomputing = new AutoregressiveGenerator(ArTestModels.Model(config, seed: 4), useKvCache: false);

        var (a, _) = ArTestModels.Run(cached, request);
        var (b, _) = ArTestModels.Run(recomputing, request);

        Assert.Equal(a, b);
        Assert.True(a.Skip(prompt.Length).Distinct().Count() > 1, "a constant output would hide a wrong cache");
    }

    [Fact]
    public void Generate_SameSeed_SameTokens_DifferentSeed_DifferentTokens()
    {
        using var generator = new AutoregressiveGenerator(ArTestModels.Model(ArTestModels.Image, seed: 2));
        long[] Sample(long seed) => ArTestModels.Run(generator, new GenerationRequest(
            ArTestModels.Grid(ArTestModels.Image), new GenerationCondition { ClassId = 1 }, new SamplingOptions { Seed = seed, GuidanceScale = 1.5 })).Tokens;

        Assert.Equal(Sample(17), Sample(17));
        Assert.NotEqual(Sample(17), Sample(18)); // 16 draws from 1024 ids: a collision of all of them is negligible
    }

    [Fact]
    public void Generate_VideoWithPrompt_ReportsEachNewRowOnceInOrderAndUsesThePrompt()
    {
        var config = ArTestModels.Video;
        var grid = ArTestModels.Grid(config);                                  // 3 frames of 3×4
        using var generator = new AutoregressiveGenerator(ArTestModels.Model(config, seed: 6));
        GenerationRequest Request(int promptSeed) => new(
            grid,
            new GenerationCondition { ClassId = 3, PromptTokens = ArTestModels.RandomTokens(config, grid.TokensPerFrame, promptSeed) },
            new SamplingOptions { Greedy = true });

        var (tokens, reports) = ArTestModels.Run(generator, Request(1));
        var (other, _) = ArTestModels.Run(generator, Request(2));

        Assert.Equal(Enumerable.Range(0, 6).Select(r => 12L + (4L * r)), reports.Select(r => r.FirstIndex));
        Assert.All(reports, r => Assert.Equal(4, r.Ids.Count));
        Assert.Equal(Enumerable.Range(1, 6).Select(r => 4 * r), reports.Select(r => r.StepsSoFar));
        Assert.All(tokens.Take(12), t => Assert.Equal(-1L, t));                // prompt positions are never reported
        Assert.All(tokens.Skip(12), t => Assert.InRange(t, 0, 1023));
        Assert.NotEqual(tokens.Skip(12), other.Skip(12));                      // the continuation depends on the prompt
    }

    [Fact]
    public void Generate_CancelledAfterTheFirstRow_ThrowsBeforeTheNextToken()
    {
        using var generator = new AutoregressiveGenerator(ArTestModels.Model(ArTestModels.Image));
        using var cancellation = new CancellationTokenSource();
        var reported = new List<GeneratedTokens>();
        var request = new GenerationRequest(ArTestModels.Grid(ArTestModels.Image), new GenerationCondition { ClassId = 0 }, new SamplingOptions());

        Assert.ThrowsAny<OperationCanceledException>(() => generator.Generate(request, r =>
        {
            reported.Add(r);
            cancellation.Cancel();
        }, cancellation.Token));

        Assert.Single(reported);
    }

    [Fact]
    public void Decode_CancelledDuringAStep_RunsNoFurtherStep()
    {
        using var model = ArTestModels.Model(ArTestModels.Image);
        using var scope = NewDisposeScope();
        using var cancellation = new CancellationTokenSource();
        var steps = new List<long>();

        Assert.ThrowsAny<OperationCanceledException>(() => AutoregressiveDecoder.Decode(
            model, ArTestModels.Grid(model.Config), tensor(new long[] { 1 }), zeros([1L, 0], ScalarType.Int64), new SamplingOptions(),
            false, true, null, null, s => { steps.Add(s.Position); if (s.Position == 5) { cancellation.Cancel(); } }, cancellation.Token));

        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), steps);
    }

    public static TheoryData<GenerationRequest, string> InvalidRequests
    {
        get
        {
            var grid = new TokenGrid(1, 4, 4);
            var sampling = new SamplingOptions();
            return new()
            {
                { new(new TokenGrid(1, 5, 4), new GenerationCondition(), sampling), "Grid" },
                { new(new TokenGrid(1, 4, 8), new GenerationCondition(), sampling), "Grid" },
                { new(new TokenGrid(2, 4, 4), new GenerationCondition(), sampling), "Grid" },
                { new(new TokenGrid(1, 0, 4), new GenerationCondition(), sampling), "Grid" },
                { new(grid, new GenerationCondition { ClassId = 10 }, sampling), "ClassId" },
                { new(grid, new GenerationCondition { ClassId = -1 }, sampling), "ClassId" },
                { new(grid, new GenerationCondition { PromptTokens = new long[5] }, sampling), "PromptTokens" },
                { new(grid, new GenerationCondition { PromptTokens = new long[16] }, sampling), "PromptTokens" },
                { new(grid, GenerationCondition.Unconditional, sampling with { Temperature = 0 }), "Temperature" },
            };
        }
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Generate_InvalidRequest_ThrowsNamingTheField(GenerationRequest request, string field)
    {
        using var generator = new AutoregressiveGenerator(ArTestModels.Model(ArTestModels.Image));

        var error = Assert.ThrowsAny<ArgumentException>(() => generator.Generate(request, _ => { }, CancellationToken.None));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Generate_PromptTokenOutsideTheCodebook_ThrowsNamingPromptTokens()
    {
        var config = ArTestModels.Video;
        using var generator = new AutoregressiveGenerator(ArTestModels.Model(config));
        var prompt = new long[12];
        prompt[7] = 1024;                                                      // 2^10

        var error = Assert.ThrowsAny<ArgumentException>(() => generator.Generate(
            new GenerationRequest(ArTestModels.Grid(config), new GenerationCondition { PromptTokens = prompt }, new SamplingOptions()), _ => { }, CancellationToken.None));

        Assert.Equal("PromptTokens", error.ParamName);
        Assert.Contains("[7]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MatchesTheSamplersOwnSubTokenProbabilities()
    {
        using var generator = new AutoregressiveGenerator(ArTestModels.Model(ArTestModels.Image, seed: 5), ownsModel: true);
        using var scope = NewDisposeScope();
        var model = generator.Model;
        var grid = ArTestModels.Grid(model.Config);
        var recorder = new Magvit.Model.Verification.ArStepRecorder();
        long[] tokens;
        using (inference_mode())
        {
            tokens = AutoregressiveDecoder.Decode(model, grid, tensor(new long[] { 7 }), zeros([1L, 0], ScalarType.Int64),
                new SamplingOptions { Seed = 1 }, false, true, TokenSampler.SeededGenerator(1), null, recorder.Record, CancellationToken.None).data<long>().ToArray();
        }

        var scores = generator.Score(grid, 7, tokens, CancellationToken.None);
        var unconditional = generator.Score(grid, null, tokens, CancellationToken.None);

        var parts = model.Config.Factorization().Split(tensor(tokens, [1L, 16]));
        var expected = zeros(1, 16, dtype: ScalarType.Float32);
        for (var k = 0; k < 2; k++)
        {
            expected += recorder.RawLogits(k).log_softmax(-1).gather(-1, parts[k].unsqueeze(-1)).squeeze(-1);
        }

        Assert.Equal(16, scores.Length);
        Assert.All(scores.Zip(expected.data<float>().ToArray()), p => Assert.Equal(p.Second, p.First, 1e-4));
        Assert.NotEqual(scores, unconditional);
        Assert.Throws<ArgumentException>(() => generator.Score(grid, 7, tokens.Take(15).ToList(), CancellationToken.None));
    }
}
