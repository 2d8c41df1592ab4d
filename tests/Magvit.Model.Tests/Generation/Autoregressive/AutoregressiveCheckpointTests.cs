using System.Text.Json;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Weights;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Autoregressive;

public sealed class AutoregressiveCheckpointTests
{
    private static readonly string GoldenWeights = TestSupport.RepoPath("tests", "golden", "open_magvit2_ar", "weights.safetensors");

    [Fact]
    public void SaveThenLoad_VideoModel_KeepsWeightsAndConfig()
    {
        using var folder = new TempDirectory();
        var config = ArTestModels.Video with { FfnHidden = 96, RopeBase = 500, ClassDropout = 0.1 };
        using var model = ArTestModels.Model(config, seed: 9);

        AutoregressiveCheckpoint.Save(model, folder.Path);
        using var loaded = AutoregressiveCheckpoint.Load(folder.Path);

        Assert.Equal(JsonSerializer.Serialize(config), JsonSerializer.Serialize(loaded.Config));
        TensorAssert.Equal(model.state_dict(), loaded.state_dict());
        Assert.False(loaded.training);
    }

    [Fact]
    public void Load_LightningStylePrefixes_StripsTransformerIgnoresTokenizerAndInfersTheConfig()
    {
        using var folder = new TempDirectory();
        using var scope = NewDisposeScope();
        var state = SafeTensors.Read(GoldenWeights).ToDictionary(kv => "transformer." + kv.Key, kv => kv.Value);
        state["first_stage_model.encoder.conv_in.weight"] = ones(4, 3, 3, 3);
        var file = folder.File("om2.safetensors");
        SafeTensors.Write(file, state);

        using var model = AutoregressiveCheckpoint.Load(file, new AutoregressiveCheckpointHints { Heads = 4, GridHeight = 4, GridWidth = 4 });

        var preset = ArTestModels.Image;
        Assert.Equal(
            (preset.Dim, preset.Heads, preset.SpatialLayers, preset.FactorizedLayers, preset.ClassCount, preset.FeedForwardHidden, 4, 4),
            (model.Config.Dim, model.Config.Heads, model.Config.SpatialLayers, model.Config.FactorizedLayers, model.Config.ClassCount, model.Config.FeedForwardHidden, model.Config.GridHeight, model.Config.GridWidth));
        Assert.Equal(preset.FactorizedBits, model.Config.FactorizedBits);
        TensorAssert.Equal(SafeTensors.Read(GoldenWeights), model.state_dict());
    }

    [Fact]
    public void SaveThenLoadAsCheckpointFile_OnePartModel_HasNoPostEmbeddingAndInfersOneBitGroup()
    {
        using var folder = new TempDirectory();
        var config = ArTestModels.Image with { FactorizedBits = [10], FactorizedLayers = 0 };
        using var model = ArTestModels.Model(config);

        AutoregressiveCheckpoint.Save(model, folder.Path);
        using var loaded = AutoregressiveCheckpoint.Load(
            Path.Combine(folder.Path, AutoregressiveCheckpoint.WeightsFile), new AutoregressiveCheckpointHints { Heads = 4, GridHeight = 4, GridWidth = 4 });

        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("post_emb", StringComparison.Ordinal));
        Assert.Equal(new[] { 10 }, loaded.Config.FactorizedBits);
        Assert.Equal(0, loaded.Config.FactorizedLayers);
        TensorAssert.Equal(model.state_dict(), loaded.state_dict());
    }

    [Fact]
    public void Load_WithoutHints_TakesHeadWidth64AndA16By16Grid()
    {
        using var model = AutoregressiveCheckpoint.Load(GoldenWeights);

        Assert.Equal((1, 16, 16), (model.Config.Heads, model.Config.GridHeight, model.Config.GridWidth));
    }

    [Fact]
    public void Load_NotAnAutoregressiveCheckpoint_SaysWhichKeyIsMissing()
    {
        using var folder = new TempDirectory();
        using var scope = NewDisposeScope();
        var file = folder.File("other.safetensors");
        SafeTensors.Write(file, new Dictionary<string, Tensor> { ["encoder.conv_in.weight"] = ones(2, 2) });

        var error = Assert.Throws<InvalidDataException>(() => AutoregressiveCheckpoint.Load(file));

        Assert.Contains("pre_emb.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Presets_KnownNamesValidate_UnknownNameListsThem()
    {
        Assert.All(AutoregressivePresets.Names, name => AutoregressivePresets.Get(name).Validate());
        Assert.Equal(2816, AutoregressivePresets.Get(AutoregressivePresets.OpenMagvit2B).FeedForwardHidden);  // reference doc §4.2
        Assert.Equal(3584, AutoregressivePresets.Get(AutoregressivePresets.OpenMagvit2L).FeedForwardHidden);
        Assert.Equal(4096, AutoregressivePresets.Get(AutoregressivePresets.OpenMagvit2XL).FeedForwardHidden);
        Assert.Equal(192, AutoregressivePresets.Get(AutoregressivePresets.Tiny).FeedForwardHidden);          // golden manifest
        var error = Assert.Throws<ArgumentException>(() => AutoregressivePresets.Get("ar-huge"));
        Assert.Contains(AutoregressivePresets.Tiny, error.Message, StringComparison.Ordinal);
    }
}
