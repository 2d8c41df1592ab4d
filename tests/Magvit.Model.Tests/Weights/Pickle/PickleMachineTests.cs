using System.Numerics;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Weights.Pickle;

namespace Magvit.Model.Tests.Weights.Pickle;

public sealed class PickleMachineTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Load_PythonPickleOfEachProtocol_DecodesEveryValue(int protocol)
    {
        var root = Assert.IsType<PickleDict>(LoadFile($"pickle_protocol{protocol}.pkl"));

        Assert.Equal(
            new object[] { 0L, -1L, 255L, 65536L, -2147483648L, 1L << 40, BigInteger.Pow(2, 70), -BigInteger.Pow(2, 70) },
            Get<List<object?>>(root, "ints"));
        Assert.Equal(2.5, Get<double>(root, "float"));
        Assert.Equal(-0.125, Get<double>(root, "neg"));
        Assert.Equal("h\u00e9llo \u2603", Get<string>(root, "text"));
        Assert.True(root.TryGetValue("none", out object? none));
        Assert.Null(none);
        Assert.Equal(new object[] { true, false }, Get<object?[]>(root, "bools"));
        Assert.Equal(new object[] { 1L }, Get<object?[]>(root, "tup1"));
        Assert.Empty(Get<object?[]>(root, "empty"));
        Assert.Equal(new byte[] { 0, 255, (byte)'a', (byte)'b' }, Get<byte[]>(root, "bytes"));
        Assert.Equal(new object[] { 7L }, Get<List<object?>>(root, "set"));
        Assert.Equal(["b", "a"], Get<PickleDict>(root, "od").Keys);

        var nested = Get<List<object?>>(Get<PickleDict>(root, "nested"), "k");
        Assert.Equal(1L, nested[0]);
        Assert.Equal(new object[] { 2L, 3L }, Assert.IsType<List<object?>>(nested[1]));

        // The memo makes both entries the very same list, as in Python.
        var shared = Get<List<object?>>(root, "shared");
        Assert.Same(shared[0], shared[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Load_InstanceOfUnimportableClass_BecomesPlaceholderWithItsState(int protocol)
    {
        var root = Assert.IsType<PickleDict>(LoadFile($"pickle_protocol{protocol}.pkl"));

        var custom = Get<PythonObject>(root, "obj");

        Assert.Equal(new PythonGlobal("mylib.configs", "Custom"), custom.Type);
        var state = Assert.IsType<PickleDict>(custom.State);
        Assert.Equal(1L, Get<long>(state, "x"));
        Assert.Equal("c", Get<string>(state, "name"));
    }

    [Fact]
    public void Load_TruncatedPickle_ThrowsInvalidData()
    {
        byte[] bytes = File.ReadAllBytes(FixtureFiles.PathOf("pickle_protocol2.pkl"));

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes[..(bytes.Length / 2)]));

        Assert.Contains("ends early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownOpcode_ThrowsInvalidDataWithOffset()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load([0x80, 0x02, 0xff, (byte)'.']));

        Assert.Contains("0xff at offset 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NewerProtocol_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => Load([0x80, 0x06, (byte)'N', (byte)'.']));
    }

    [Fact]
    public void Load_StopWithEmptyStack_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => Load([(byte)'.']));
    }

    private static object? LoadFile(string name) => Load(File.ReadAllBytes(FixtureFiles.PathOf(name)));

    private static object? Load(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return new PickleMachine(stream, new TorchPickleResolver()).Load();
    }

    private static T Get<T>(PickleDict dict, string key)
    {
        Assert.True(dict.TryGetValue(key, out object? value), $"missing key '{key}'");
        return Assert.IsType<T>(value);
    }
}
