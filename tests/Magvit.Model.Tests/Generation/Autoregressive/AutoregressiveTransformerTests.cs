using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Verification;
using Magvit.Model.Weights;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Autoregressive;

public sealed class AutoregressiveTransformerTests
{
    public static TheoryData<string, double, int> Runs => new()
    {
        { "image", 1.0, 0 },
        { "image", 2.5, 0 },
        { "video", 1.0, 1 },
        { "video", 1.7, 1 },
        { "one-part", 2.0, 0 },
    };

    [Fact]
    public void StateDict_TinyPreset_HasTheGoldenWeightsKeysAndShapes()
    {
        using var model = ArTestModels.Model(ArTestModels.Image);
        using var scope = NewDisposeScope();

        var expected = SafeTensors.Read(TestSupport.RepoPath("tests", "golden", "open_magvit2_ar", "weights.safetensors"))
            .ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var actual = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, kv => Assert.Equal(kv.Value, actual[kv.Key]));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Decode_KvCachedSteps_EqualFullRecomputationAndTeacherForcing(string kind, double guidance, int promptFrames)
    {
        var config = kind switch
        {
            "image" => ArTestModels.Image,
            "video" => ArTestModels.Video,
            _ => ArTestModels.Image with { FactorizedBits = [10], FactorizedLayers = 1 }, // no factorisation: one head over 2^10
        };
        using var model = ArTestModels.Model(config, seed: 3);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var grid = ArTestModels.Grid(config);
        var classes = tensor(new long[] { 2, 9 });
        var promptLength = promptFrames * grid.TokensPerFrame;
        var prompt = tensor(ArTestModels.RandomTokens(config, 2 * promptLength, 5), [2L, promptLength]);
        var sampling = new SamplingOptions { Greedy = true, GuidanceScale = guidance };
        var cached = new ArStepRecorder();
        var recomputed = new ArStepRecorder();

        var tokens = AutoregressiveDecoder.Decode(model, grid, classes, prompt, sampling, sampling.UsesGuidance, true, null, null, cached.Record, CancellationToken.None);
        var again = AutoregressiveDecoder.Decode(model, grid, classes, prompt, sampling, sampling.UsesGuidance, false, null, null, recomputed.Record, CancellationToken.None);

        Assert.True(tokens.equal(again).all().item<bool>(), "greedy tokens differ with and without the cache");
        Assert.True(tokens.narrow(1, 0, promptLength).equal(prompt).all().item<bool>(), "the prompt was changed");
        AssertClose(recomputed.Contexts(), cached.Contexts());
        for (var part = 0; part < config.Parts; part++)
        {
            AssertClose(recomputed.RawLogits(part), cached.RawLogits(part));
            AssertClose(recomputed.Logits(part), cached.Logits(part));

            // Teacher forcing on the generated tokens sees the same logits as the sampler (conditional rows).
            var parts = config.Factorization().Split(tokens);
            var forced = model.Forward(classes, parts, grid)[part].narrow(1, promptLength, grid.Count - promptLength);
            AssertClose(forced, cached.RawLogits(part).narrow(0, 0, 2));
        }
    }

    [Fact]
    public void Forward_NullClassDiffersFromAClass_AndLogitsHaveTheHeadsVocabularies()
    {
        using var model = ArTestModels.Model(ArTestModels.Image);
        using var scope = NewDisposeScope();
        var tokens = tensor(ArTestModels.RandomTokens(model.Config, 16, 1), [1L, 16]);
        var parts = model.Config.Factorization().Split(tokens);

        var conditional = model.Forward(tensor(new long[] { 4 }), parts);
        var unconditional = model.Forward(tensor(new long[] { model.Config.NullClass }), parts);

        Assert.Equal(new long[] { 1, 16, 16 }, conditional[0].shape);
        Assert.Equal(new long[] { 1, 16, 64 }, conditional[1].shape);
        Assert.False(conditional[0].allclose(unconditional[0]));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var worst = (expected - actual).abs().max().item<float>();
        Assert.True(worst < 1e-4f, $"largest difference {worst}");
    }
}
