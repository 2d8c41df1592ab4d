using Magvit.Model.Generation.Masked;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Masked;

public sealed class MaskedTokenTransformerTests
{
    [Fact]
    public void Forward_TwoPartModel_ReturnsOneLogitTensorPerPart()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var tokens = tensor(MaskedTestSupport.Ids(64, seed: 1)).view(2, 32);
        var mask = rand(2, 32).lt(0.5);

        var logits = model.call(tokens, mask, tensor(new long[] { 0, 4 }));

        Assert.Equal(2, logits.Length);
        Assert.All(logits, l => Assert.Equal(new long[] { 2, 32, 8 }, l.shape));
    }

    [Fact]
    public void StateDict_Tables_HaveMaskAndNullClassRows()
    {
        using var model = MaskedTestSupport.Model();

        var state = model.state_dict();

        Assert.Equal(new long[] { 9, 32 }, state["tok_emb.0.weight"].shape); // 8 sub-tokens + [MASK]
        Assert.Equal(new long[] { 9, 32 }, state["tok_emb.1.weight"].shape);
        Assert.Equal(new long[] { 5, 32 }, state["class_emb.weight"].shape); // 4 classes + null
        Assert.Equal(new long[] { 49, 32 }, state["pos_emb"].shape); // 1 + 3·4·4
        Assert.Equal(new long[] { 8, 32 }, state["heads.1.weight"].shape);
        Assert.Contains("blocks.1.attn.qkv.weight", state.Keys);
        Assert.Contains("ln_f.weight", state.Keys);
    }

    [Fact]
    public void Forward_MaskedPositions_IgnoreTheirIds()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var tokens = tensor(MaskedTestSupport.Ids(16, seed: 2)).view(1, 16);
        var mask = arange(16).remainder(3).eq(0).view(1, 16);
        var other = tokens.where(mask.logical_not(), tensor(63L));

        var a = model.call(tokens, mask, tensor(new long[] { 1 }));
        var b = model.call(other, mask, tensor(new long[] { 1 }));
        var unmasked = model.call(other, zeros(1, 16, ScalarType.Bool), tensor(new long[] { 1 }));

        Assert.Equal(0f, (a[0] - b[0]).abs().max().item<float>());
        Assert.True((a[0] - unmasked[0]).abs().max().item<float>() > 1e-4f, "changing unmasked ids must change the logits");
    }

    [Fact]
    public void Forward_ConditionToken_ChangesLogits()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var tokens = zeros(1, 16, ScalarType.Int64);
        var mask = ones(1, 16, ScalarType.Bool);

        var withClass = model.call(tokens, mask, tensor(new long[] { 2 }));
        var nullClass = model.call(tokens, mask, tensor(new long[] { model.Config.NullClass }));

        Assert.True((withClass[1] - nullClass[1]).abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void Predict_OutputStart_EqualsTheTailOfTheWholeSequence()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();
        var tokens = tensor(MaskedTestSupport.Ids(32, seed: 3)).view(1, 32);
        var mask = cat([zeros(1, 16, ScalarType.Bool), ones(1, 16, ScalarType.Bool)], 1);
        var classes = tensor(new long[] { 3 });

        var whole = model.Predict(tokens, mask, classes, 0);
        var tail = model.Predict(tokens, mask, classes, 16);

        Assert.Equal(new long[] { 1, 16, 8 }, tail[1].shape);
        Assert.True((whole[1].narrow(1, 16, 16) - tail[1]).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void Forward_LongerThanMaxFrames_ThrowsNamingTokens()
    {
        using var model = MaskedTestSupport.Model();
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(
            () => model.call(zeros(1, 64, ScalarType.Int64), zeros(1, 64, ScalarType.Bool), tensor(new long[] { 0 })));

        Assert.Equal("tokens", error.ParamName);
    }

    [Theory]
    [InlineData(nameof(MaskedTransformerConfig.Dim))]
    [InlineData(nameof(MaskedTransformerConfig.FactorizedBits))]
    [InlineData(nameof(MaskedTransformerConfig.ClassCount))]
    [InlineData(nameof(MaskedTransformerConfig.MaxFrames))]
    public void Validate_BadField_NamesIt(string field)
    {
        var config = field switch
        {
            nameof(MaskedTransformerConfig.Dim) => MaskedTestSupport.TinyConfig with { Dim = 33 },
            nameof(MaskedTransformerConfig.FactorizedBits) => MaskedTestSupport.TinyConfig with { FactorizedBits = [] },
            nameof(MaskedTransformerConfig.ClassCount) => MaskedTestSupport.TinyConfig with { ClassCount = -1 },
            _ => MaskedTestSupport.TinyConfig with { MaxFrames = 0 },
        };

        var error = Assert.Throws<ArgumentException>(config.Validate);

        Assert.Equal(field, error.ParamName);
    }
}
