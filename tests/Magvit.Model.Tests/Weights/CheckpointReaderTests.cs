using Magvit.Model.Runtime;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Weights;

public sealed class CheckpointReaderTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly DisposeScope scope;

    public CheckpointReaderTests()
    {
        TorchRuntime.Initialize();
        scope = NewDisposeScope();
    }

    public void Dispose()
    {
        scope.Dispose();
        temp.Dispose();
    }

    [Theory]
    [InlineData("plain_state_dict.pt")]
    [InlineData("plain_state_dict_legacy.pt")]
    [InlineData("plain_state_dict_proto4.pt")]
    public void ReadStateDict_TorchSaveStateDict_MatchesExpectedValuesExactly(string file)
    {
        var expected = SafeTensors.Read(FixtureFiles.PathOf("plain_state_dict_expected.safetensors"));

        var actual = CheckpointReader.ReadStateDict(FixtureFiles.PathOf(file));

        TensorAssert.Equal(expected, actual);
    }

    [Fact]
    public void ReadStateDict_ViewsSharingOneStorage_ComeOutAsIndependentContiguousTensors()
    {
        var actual = CheckpointReader.ReadStateDict(FixtureFiles.PathOf("plain_state_dict.pt"));
        var baseTensor = actual["shared.base"];

        TensorAssert.Equal(baseTensor.t(), actual["shared.transposed"]);
        TensorAssert.Equal(baseTensor[1..3, TensorIndex.Slice(step: 2)], actual["shared.slice"]);
        TensorAssert.Equal(baseTensor[2], actual["shared.row"]);
        Assert.All(actual.Values, t => Assert.True(t.is_contiguous()));

        // No aliasing survives loading: writing one tensor leaves its former views alone.
        baseTensor.fill_(0);
        Assert.NotEqual(0f, actual["shared.row"].abs().sum().item<float>());
    }

    [Fact]
    public void ReadStateDict_TorchSaveStateDict_KeepsFileKeyOrder()
    {
        var actual = CheckpointReader.ReadStateDict(FixtureFiles.PathOf("plain_state_dict.pt"));

        Assert.Equal(["conv.weight", "conv.bias", "half", "bf16"], actual.Keys.Take(4));
    }

    [Fact]
    public void ReadStateDict_LightningCheckpoint_ReturnsOnlyTheStateDict()
    {
        var expected = SafeTensors.Read(FixtureFiles.PathOf("lightning_raw_expected.safetensors"));

        var actual = CheckpointReader.ReadStateDict(FixtureFiles.PathOf("lightning.ckpt"));

        TensorAssert.Equal(expected, actual);
        Assert.Contains("model_ema.encoder0weight", actual.Keys);
    }

    [Fact]
    public void ReadStateDict_LightningCheckpointWithEma_TakesParametersFromTheEmaCopy()
    {
        var expected = SafeTensors.Read(FixtureFiles.PathOf("lightning_ema_expected.safetensors"));

        var actual = CheckpointReader.ReadStateDict(FixtureFiles.PathOf("lightning.ckpt"), useEma: true);

        TensorAssert.Equal(expected, actual);
        Assert.DoesNotContain(actual.Keys, k => k.StartsWith("model_ema.", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadStateDict_EmaWithBuffers_KeepsRawBuffersAndSwapsParameters()
    {
        var raw = CheckpointReader.ReadStateDict(FixtureFiles.PathOf("lightning.ckpt"));

        var ema = CheckpointReader.ReadStateDict(FixtureFiles.PathOf("lightning.ckpt"), useEma: true);

        TensorAssert.Equal(raw["model_ema.encoder0weight"], ema["encoder.0.weight"]);
        TensorAssert.Equal(raw["model_ema.decoder1bias"], ema["decoder.1.bias"]);
        TensorAssert.Equal(raw["decoder.1.running_var"], ema["decoder.1.running_var"]);
        TensorAssert.Equal(raw["decoder.1.num_batches_tracked"], ema["decoder.1.num_batches_tracked"]);
    }

    [Theory]
    [InlineData("plain_state_dict.pt")]
    [InlineData("plain_state_dict_expected.safetensors")]
    public void ReadStateDict_EmaRequestedButAbsent_ThrowsClearError(string file)
    {
        var error = Assert.Throws<InvalidDataException>(() => CheckpointReader.ReadStateDict(FixtureFiles.PathOf(file), useEma: true));

        Assert.Contains("EMA weights were requested", error.Message, StringComparison.Ordinal);
        Assert.Contains("model_ema.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadStateDict_SafeTensorsWithEmaCopy_MapsLikeLightning()
    {
        string path = temp.File("converted.safetensors");
        SafeTensors.Write(path, SafeTensors.Read(FixtureFiles.PathOf("lightning_raw_expected.safetensors")));

        var actual = CheckpointReader.ReadStateDict(path, useEma: true);

        TensorAssert.Equal(SafeTensors.Read(FixtureFiles.PathOf("lightning_ema_expected.safetensors")), actual);
    }

    [Fact]
    public void ReadStateDict_SafeTensorsWithoutExtension_IsRecognisedByContent()
    {
        string path = temp.File("weights.bin");
        File.Copy(FixtureFiles.PathOf("plain_state_dict_expected.safetensors"), path);

        var actual = CheckpointReader.ReadStateDict(path);

        TensorAssert.Equal(SafeTensors.Read(FixtureFiles.PathOf("plain_state_dict_expected.safetensors")), actual);
    }

    [Fact]
    public void ReadStateDict_EmaKeysCollidingAfterDotRemoval_ThrowsAmbiguous()
    {
        string path = temp.File("ambiguous.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor>
        {
            ["a.bc"] = ones(1),
            ["ab.c"] = ones(1),
            ["model_ema.abc"] = zeros(1),
        });

        var error = Assert.Throws<InvalidDataException>(() => CheckpointReader.ReadStateDict(path, useEma: true));

        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadStateDict_AfterPyBridgeUnpickled_IsUnaffectedByItsGlobalPickleHooks()
    {
        // PyBridge registers Razorvine constructors process-wide and fails on this file (collections.Counter,
        // custom classes); the reader shares no state with it.
        string path = FixtureFiles.PathOf("lightning.ckpt");
        _ = Record.Exception(() => TorchSharp.PyBridge.PyTorchUnpickler.UnpickleStateDict(path));

        var actual = CheckpointReader.ReadStateDict(path);

        TensorAssert.Equal(SafeTensors.Read(FixtureFiles.PathOf("lightning_raw_expected.safetensors")), actual);
    }

    [Fact]
    public void TopLevelKeys_LightningCheckpoint_ListsItsEntriesInOrder()
    {
        var keys = CheckpointReader.TopLevelKeys(FixtureFiles.PathOf("lightning.ckpt"));

        Assert.Equal(
            ["epoch", "global_step", "pytorch-lightning_version", "state_dict", "loops", "callbacks", "optimizer_states",
             "lr_schedulers", "hparams_name", "hyper_parameters"],
            keys);
    }

    [Fact]
    public void TopLevelKeys_SafeTensors_ListsTensorNames()
    {
        var keys = CheckpointReader.TopLevelKeys(FixtureFiles.PathOf("plain_state_dict_expected.safetensors"));

        Assert.Contains("shared.transposed", keys);
        Assert.DoesNotContain("__metadata__", keys);
    }

    [Fact]
    public void ReadStateDict_NotACheckpoint_ThrowsInvalidData()
    {
        string path = temp.File("notes.txt");
        File.WriteAllText(path, "these are not weights");

        var error = Assert.Throws<InvalidDataException>(() => CheckpointReader.ReadStateDict(path));

        Assert.Contains("is not a checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadStateDict_ViewReachingPastItsStorage_ThrowsInvalidData()
    {
        var error = Assert.Throws<InvalidDataException>(() => CheckpointReader.ReadStateDict(FixtureFiles.PathOf("corrupt_view.pt")));

        Assert.Contains("reaches past its 4-element storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadStateDict_ZipWithoutPickle_ThrowsInvalidData()
    {
        string path = temp.File("other.zip");
        using (var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }

        var error = Assert.Throws<InvalidDataException>(() => CheckpointReader.ReadStateDict(path));

        Assert.Contains("data.pkl", error.Message, StringComparison.Ordinal);
    }
}
