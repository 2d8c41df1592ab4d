using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Magvit.Model.Runtime;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Weights;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly DisposeScope scope;

    public SafeTensorsTests()
    {
        TorchRuntime.Initialize();
        scope = NewDisposeScope();
    }

    public void Dispose()
    {
        scope.Dispose();
        temp.Dispose();
    }

    public static TheoryData<ScalarType> AllTypes() =>
    [
        ScalarType.Float64, ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
    ];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void WriteThenRead_EachDtype_RoundTripsExactly(ScalarType dtype)
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["matrix"] = (arange(12, dtype: float64) * 1.75 - 9).to(dtype).reshape(3, 4),
            ["scalar"] = tensor(3.0).to(dtype),
            ["empty"] = zeros([0, 5], dtype: dtype),
            ["strided"] = (arange(12, dtype: float64) - 4).to(dtype).reshape(3, 4).t(),
        };
        string path = temp.File("all.safetensors");

        SafeTensors.Write(path, tensors);
        var read = SafeTensors.Read(path);

        TensorAssert.Equal(tensors.ToDictionary(p => p.Key, p => p.Value.contiguous()), read);
    }

    [Fact]
    public void Write_WithMetadata_ReadMetadataReturnsIt()
    {
        string path = temp.File("meta.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["model"] = "tiny \"quoted\" é" };

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = ones(2) }, metadata);

        Assert.Equal(metadata, SafeTensors.ReadMetadata(path));
    }

    [Fact]
    public void ReadMetadata_FileWithoutMetadata_ReturnsEmpty()
    {
        string path = temp.File("plain.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = ones(2) });

        Assert.Empty(SafeTensors.ReadMetadata(path));
    }

    [Fact]
    public void Write_SameTensorsInAnyOrder_GivesIdenticalSortedAlignedFiles()
    {
        var a = ones(3);
        var b = zeros(2, 2, dtype: int64);
        string first = temp.File("first.safetensors");
        string second = temp.File("second.safetensors");

        SafeTensors.Write(first, new Dictionary<string, Tensor> { ["zeta"] = a, ["alpha.b"] = b });
        SafeTensors.Write(second, new Dictionary<string, Tensor> { ["alpha.b"] = b, ["zeta"] = a });

        byte[] bytes = File.ReadAllBytes(first);
        Assert.Equal(bytes, File.ReadAllBytes(second));
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        Assert.Equal(["alpha.b", "zeta"], header.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Read_FileFromIndependentWriter_ReturnsEveryTensorInHeaderOrder()
    {
        var read = SafeTensors.Read(FixtureFiles.PathOf("plain_state_dict_expected.safetensors"));

        Assert.Equal(read.Keys.Order(StringComparer.Ordinal), read.Keys);
        TensorAssert.Equal(tensor(new byte[] { 0, 1, 127, 128, 254, 255 }), read["u8"]);
        TensorAssert.Equal(tensor(new long[] { (1L << 40) + 1, -7, 0, 1L << 62, -(1L << 62), 42 }).reshape(2, 3), read["steps"]);
        Assert.Equal(ScalarType.BFloat16, read["bf16"].dtype);
        Assert.Equal("make_checkpoints.py", SafeTensors.ReadMetadata(FixtureFiles.PathOf("plain_state_dict_expected.safetensors"))["source"]);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}""", 8, "data_offsets [0, 12]")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "4-byte data section")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "overlap")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "non-negative integer")]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,8]}}""", 8, "needs string 'dtype'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8, "appears twice")]
    [InlineData("""{"__metadata__":{"n":1}}""", 0, "not a string")]
    [InlineData("""{"w": oops}""", 0, "malformed")]
    public void Read_InvalidHeader_ThrowsInvalidDataWithReason(string json, int dataBytes, string reason)
    {
        string path = WriteRaw(json, dataBytes);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownDtype_ThrowsNotSupportedNamingTensorAndDtype()
    {
        string path = WriteRaw("""{"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}""", 2);

        var error = Assert.Throws<NotSupportedException>(() => SafeTensors.Read(path));

        Assert.Contains("'w' has dtype F8_E4M3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderLengthBeyondFile_ThrowsInvalidData()
    {
        string path = temp.File("huge.safetensors");
        byte[] bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Contains("exceeds the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ComplexTensor_ThrowsNotSupported()
    {
        var tensors = new Dictionary<string, Tensor> { ["c"] = zeros(2, dtype: complex64) };

        Assert.Throws<NotSupportedException>(() => SafeTensors.Write(temp.File("c.safetensors"), tensors));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    private string WriteRaw(string json, int dataBytes)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        byte[] bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = temp.File("raw.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
