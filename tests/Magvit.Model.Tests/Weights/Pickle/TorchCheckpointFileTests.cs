using System.Numerics;
using Magvit.Model.Runtime;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Weights.Pickle;

namespace Magvit.Model.Tests.Weights.Pickle;

/// <summary>The Lightning fixture holds what breaks other readers: custom classes all through hyper_parameters.</summary>
public sealed class TorchCheckpointFileTests
{
    public TorchCheckpointFileTests()
    {
        TorchRuntime.Initialize();
    }

    [Fact]
    public void Open_LightningHyperParameters_BecomeInertPlaceholders()
    {
        using var file = TorchCheckpointFile.Open(FixtureFiles.PathOf("lightning.ckpt"));
        var root = Assert.IsType<PickleDict>(file.Root);

        var hyper = Get<PythonObject>(root, "hyper_parameters");

        Assert.Equal(new PythonGlobal("__main__", "AttributeDict"), hyper.Type);
        var config = Get<PythonObject>(hyper.Items, "ddconfig");
        Assert.Equal("DictConfig", config.Type.Name);
        var content = Get<PickleDict>(Assert.IsType<PickleDict>(config.State), "_content");
        Assert.Equal(32L, Get<long>(content, "ch"));
        var metadata = Get<PythonObject>(Assert.IsType<PickleDict>(config.State), "_metadata");
        Assert.Equal("ContainerMetadata", metadata.Type.Name);

        var args = Get<PythonObject>(hyper.Items, "args");
        Assert.Equal(new PythonGlobal("argparse", "Namespace"), args.Type);
        Assert.Equal(1e-4, Get<double>(Assert.IsType<PickleDict>(args.State), "lr"));

        Assert.Equal(new object[] { 10L, 20L, 30L }, Get<PythonObject>(hyper.Items, "milestones").ListItems);
        var slots = Assert.IsType<object?[]>(Get<PythonObject>(hyper.Items, "slotted").State);
        Assert.Equal("two", Get<string>(Assert.IsType<PickleDict>(slots[1]), "b"));
        Assert.Equal(new PythonGlobal("collections", "Counter"), Get<PythonObject>(hyper.Items, "counter").Type);
        Assert.Equal(BigInteger.Pow(2, 100), Get<BigInteger>(hyper.Items, "big"));
        Assert.True(double.IsNaN(Get<double>(hyper.Items, "nan")));
        Assert.Equal(new byte[] { 0, 1, 255 }, Get<byte[]>(hyper.Items, "blob"));
        var tupleKeyed = Get<PickleDict>(hyper.Items, "tuple_keyed");
        Assert.Equal("a", Get<string>(tupleKeyed, new object[] { 1L, 2L }));
        Assert.Equal("none", Get<string>(tupleKeyed, null));
    }

    [Fact]
    public void Open_LightningCheckpoint_OptimizerStateStaysLazy()
    {
        using var file = TorchCheckpointFile.Open(FixtureFiles.PathOf("lightning.ckpt"));
        var root = Assert.IsType<PickleDict>(file.Root);

        var optimizer = Assert.IsType<PickleDict>(Assert.Single(Get<System.Collections.Generic.List<object?>>(root, "optimizer_states")));
        var state = Get<PickleDict>(Get<PickleDict>(optimizer, "state"), 0L);

        var expAvg = Get<TorchTensorRef>(state, "exp_avg");
        Assert.Equal(new long[] { 3, 4 }, expAvg.Size);
    }

    private static T Get<T>(PickleDict dict, object? key)
    {
        Assert.True(dict.TryGetValue(key, out object? value), $"missing key '{key}'");
        return Assert.IsType<T>(value);
    }
}
