using Magvit.Model.Generation;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Generation.Masked;
using Magvit.Model.Tests.Fixtures;
using TorchSharp;

namespace Magvit.Model.Tests.Generation;

public sealed class GeneratorCheckpointTests
{
    [Fact]
    public void Load_MaskedFolder_GivesAMaskedGeneratorWithTheSameWeights()
    {
        using var folder = new TempDirectory();
        torch.manual_seed(4);
        using var model = new MaskedTokenTransformer(MaskedPresets.Get(MaskedPresets.Tiny));
        MaskedCheckpoint.Save(model, folder.Path);

        using var loaded = GeneratorCheckpoint.Load(folder.Path);

        var masked = Assert.IsType<MaskedGenerator>(loaded);
        Assert.Equal(GeneratorKind.Masked, loaded.Description.Kind);
        TensorAssert.Equal(model.state_dict()["pos_emb"], masked.Model.state_dict()["pos_emb"]);
    }

    [Fact]
    public void Load_AutoregressiveFolder_GivesAnAutoregressiveGenerator()
    {
        using var folder = new TempDirectory();
        torch.manual_seed(5);
        using var model = new AutoregressiveTransformer(AutoregressivePresets.Get(AutoregressivePresets.Tiny));
        AutoregressiveCheckpoint.Save(model, folder.Path);

        using var loaded = GeneratorCheckpoint.Load(folder.Path);

        Assert.IsType<AutoregressiveGenerator>(loaded);
        Assert.Equal(GeneratorKind.Autoregressive, loaded.Description.Kind);
        Assert.Equal(10, loaded.Description.Factorization.TotalBits);
    }

    [Theory]
    [InlineData("ar-tiny", GeneratorKind.Autoregressive)]
    [InlineData("masked-tiny", GeneratorKind.Masked)]
    public void CreateRandom_KnownPreset_GivesThatKind(string preset, GeneratorKind kind)
    {
        using var generator = GeneratorCheckpoint.CreateRandom(preset, seed: 1);

        Assert.Equal(kind, generator.Description.Kind);
        Assert.Contains(preset, GeneratorCheckpoint.PresetNames);
    }

    [Fact]
    public void CreateRandom_UnknownPreset_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => GeneratorCheckpoint.CreateRandom("nope", seed: 1));

        Assert.Contains("masked-tiny", error.Message, StringComparison.Ordinal);
        Assert.Contains("ar-tiny", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenizerReference_WriteThenRead_RoundTrips()
    {
        using var folder = new TempDirectory();
        var reference = new TokenizerReference { ModelId = "tok", WeightsSha256 = new string('c', 64), SpatialFactor = 8, TemporalFactor = 4 };

        reference.Write(folder.Path);

        Assert.Equal(reference, TokenizerReference.TryRead(folder.Path));
        Assert.Null(TokenizerReference.TryRead(Path.Combine(folder.Path, "missing")));
    }
}
