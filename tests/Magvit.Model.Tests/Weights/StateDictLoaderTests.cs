using Magvit.Model.Runtime;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Weights;

public sealed class StateDictLoaderTests : IDisposable
{
    private readonly DisposeScope scope;

    public StateDictLoaderTests()
    {
        TorchRuntime.Initialize();
        scope = NewDisposeScope();
    }

    public void Dispose() => scope.Dispose();

    [Fact]
    public void LoadStrict_MatchingWeights_CopiesEveryValue()
    {
        using var module = Mlp();
        var weights = Weights(("0.weight", [3, 4]), ("0.bias", [3]), ("2.weight", [2, 3]), ("2.bias", [2]));

        StateDictLoader.LoadStrict(module, weights);

        TensorAssert.Equal(weights, module.state_dict());
    }

    [Fact]
    public void LoadStrict_WithPrefix_LoadsOnlyThatSubtree()
    {
        using var module = Mlp();
        var weights = Weights(
            ("encoder.0.weight", [3, 4]), ("encoder.0.bias", [3]), ("encoder.2.weight", [2, 3]), ("encoder.2.bias", [2]),
            ("decoder.0.weight", [9, 9]), ("encoderx.0.weight", [1]));

        StateDictLoader.LoadStrict(module, weights, "encoder.");

        TensorAssert.Equal(weights["encoder.2.weight"], module.state_dict()["2.weight"]);
    }

    [Fact]
    public void LoadStrict_Mismatches_ListsEveryMissingUnexpectedAndMisshapedKey()
    {
        using var module = Mlp();
        var before = module.state_dict()["0.bias"].clone();
        var weights = Weights(("0.weight", [4, 3]), ("0.bias", [3]), ("2.weight", [2, 3]), ("3.weight", [2]), ("extra", [1]));

        var error = Assert.Throws<WeightLoadException>(() => StateDictLoader.LoadStrict(module, weights));

        Assert.Equal(["2.bias"], error.MissingKeys);
        Assert.Equal(["3.weight", "extra"], error.UnexpectedKeys);
        Assert.Equal(["0.weight: expected [3, 4], got [4, 3]"], error.ShapeMismatches);
        Assert.Contains("1 missing, 2 unexpected, 1 shape mismatch", error.Message, StringComparison.Ordinal);
        foreach (string line in new[] { "  2.bias", "  3.weight", "  extra", "  0.weight: expected [3, 4], got [4, 3]" })
        {
            Assert.Contains(line, error.Message, StringComparison.Ordinal);
        }

        // All or nothing: a failed load leaves the module untouched.
        TensorAssert.Equal(before, module.state_dict()["0.bias"]);
    }

    [Fact]
    public void LoadStrict_ModuleWithBuffers_RequiresThemAndConvertsDtype()
    {
        using var norm = nn.BatchNorm1d(2);
        var weights = Weights(("weight", [2]), ("bias", [2]), ("running_mean", [2]), ("running_var", [2]))
            .ToDictionary(p => p.Key, p => p.Value.to(float64));

        var error = Assert.Throws<WeightLoadException>(() => StateDictLoader.LoadStrict(norm, weights));
        Assert.Equal(["num_batches_tracked"], error.MissingKeys);

        weights["num_batches_tracked"] = tensor(5.0);
        StateDictLoader.LoadStrict(norm, weights);

        var loaded = norm.state_dict();
        Assert.Equal(ScalarType.Float32, loaded["running_var"].dtype);
        TensorAssert.Equal(weights["running_var"].to(float32), loaded["running_var"]);
        Assert.Equal(5L, loaded["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void StateDict_WithPrefix_RoundTripsIntoAnotherModule()
    {
        using var source = Mlp();
        using var target = Mlp();
        StateDictLoader.LoadStrict(source, Weights(("0.weight", [3, 4]), ("0.bias", [3]), ("2.weight", [2, 3]), ("2.bias", [2])));

        var exported = StateDictLoader.StateDict(source, "encoder.");
        StateDictLoader.LoadStrict(target, exported, "encoder.");

        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias"], exported.Keys);
        TensorAssert.Equal(source.state_dict(), target.state_dict());

        // The exported tensors are detached handles: disposing them leaves the module usable.
        foreach (var t in exported.Values)
        {
            t.Dispose();
        }

        Assert.Equal(3, source.state_dict()["0.bias"].shape[0]);
    }

    [Fact]
    public void WithPrefix_MixedKeys_ReturnsPrefixedEntriesStripped()
    {
        var weights = Weights(("encoder.a", [1]), ("decoder.a", [1]), ("encoder.b.c", [1]));

        var selected = StateDictLoader.WithPrefix(weights, "encoder.");

        Assert.Equal(["a", "b.c"], selected.Keys);
        Assert.Same(weights["encoder.b.c"], selected["b.c"]);
    }

    [Fact]
    public void LoadStrict_LightningEmaWeights_LoadIntoTheModulesTheyCameFrom()
    {
        using var encoder = Mlp();
        var weights = CheckpointReader.ReadStateDict(FixtureFiles.PathOf("lightning.ckpt"), useEma: true);

        StateDictLoader.LoadStrict(encoder, weights, "encoder.");

        // make_checkpoints.py stores EMA = raw × 0.5 + 1, raw = ramp(0.0625, 0) for encoder.0.weight.
        var raw = (arange(12, dtype: float64) * 0.0625).to(float32).reshape(3, 4);
        TensorAssert.Equal(raw * 0.5f + 1f, encoder.state_dict()["0.weight"]);
    }

    private static nn.Module<Tensor, Tensor> Mlp() => nn.Sequential(("0", nn.Linear(4, 3)), ("1", nn.ReLU()), ("2", nn.Linear(3, 2)));

    private static Dictionary<string, Tensor> Weights(params (string Key, long[] Shape)[] entries)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        float start = 0;
        foreach (var (key, shape) in entries)
        {
            long count = shape.Aggregate(1L, (a, b) => a * b);
            result[key] = (arange(count, dtype: float32) + start).reshape(shape) / 8f;
            start += count;
        }

        return result;
    }
}
