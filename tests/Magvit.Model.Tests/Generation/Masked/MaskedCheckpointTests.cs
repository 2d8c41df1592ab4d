using Magvit.Model.Generation.Masked;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Weights;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Masked;

public sealed class MaskedCheckpointTests
{
    [Fact]
    public void SaveThenLoad_TinyModel_RestoresConfigAndLogits()
    {
        using var model = MaskedTestSupport.Model(seed: 21);
        using var folder = new TempDirectory();
        using var scope = NewDisposeScope();
        MaskedCheckpoint.Save(model, folder.Path);

        using var loaded = MaskedCheckpoint.Load(folder.Path);

        Assert.Equal(model.Config.FactorizedBits, loaded.Config.FactorizedBits);
        Assert.Equal(model.Config with { FactorizedBits = loaded.Config.FactorizedBits }, loaded.Config);
        var tokens = tensor(MaskedTestSupport.Ids(32, seed: 1)).view(1, 32);
        var mask = arange(32).remainder(2).eq(0).view(1, 32);
        var expected = model.call(tokens, mask, tensor(new long[] { 2 }));
        var actual = loaded.call(tokens, mask, tensor(new long[] { 2 }));
        TensorAssert.Equal(expected[0], actual[0]);
        TensorAssert.Equal(expected[1], actual[1]);
    }

    [Fact]
    public void Load_ConfigWithAnExtraLayer_ListsTheMissingKeys()
    {
        using var model = MaskedTestSupport.Model();
        using var folder = new TempDirectory();
        MaskedCheckpoint.Save(model, folder.Path);
        var configFile = Path.Combine(folder.Path, MaskedCheckpoint.ConfigFile);
        File.WriteAllText(configFile, File.ReadAllText(configFile).Replace("\"Layers\": 2", "\"Layers\": 3", StringComparison.Ordinal));

        var error = Assert.Throws<WeightLoadException>(() => MaskedCheckpoint.Load(folder.Path));

        Assert.Contains("blocks.2.attn.qkv.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WeightsWithAnUnexpectedTensor_Throws()
    {
        using var model = MaskedTestSupport.Model();
        using var folder = new TempDirectory();
        MaskedCheckpoint.Save(model, folder.Path);
        var weights = Path.Combine(folder.Path, MaskedCheckpoint.WeightsFile);
        var state = SafeTensors.Read(weights);
        state["extra.weight"] = zeros(2);
        SafeTensors.Write(weights, state);

        var error = Assert.Throws<WeightLoadException>(() => MaskedCheckpoint.Load(folder.Path));

        Assert.Contains("extra.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Presets_UnknownName_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => MaskedPresets.Get("huge"));

        Assert.Contains(MaskedPresets.Tiny, error.Message, StringComparison.Ordinal);
        Assert.All(MaskedPresets.Names, name => MaskedPresets.Get(name).Validate());
    }
}
