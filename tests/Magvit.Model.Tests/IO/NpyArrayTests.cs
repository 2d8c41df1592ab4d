using System.Text;
using Magvit.Model.IO;
using Magvit.Model.Runtime;
using Magvit.Model.Tests.Fixtures;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.IO;

public sealed class NpyArrayTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly TorchSharp.DisposeScope scope;

    public NpyArrayTests()
    {
        TorchRuntime.Initialize();
        scope = NewDisposeScope();
    }

    public void Dispose()
    {
        scope.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Read_NumpyFloat32File_ReturnsItsValues()
    {
        var actual = NpyArray.Read(FixtureFiles.PathOf("array_f32.npy"));

        // np.arange(12) * 0.25 - 1 as float32, shape (3, 4).
        var expected = (arange(12, dtype: float64) * 0.25 - 1.0).to(float32).reshape(3, 4);
        TensorAssert.Equal(expected, actual);
    }

    public static TheoryData<string, Tensor> NumpyFiles()
    {
        TorchRuntime.Initialize();
        return new()
        {
            { "array_f64.npy", (arange(6, dtype: float64) / 3.0 - 1.0).reshape(2, 3) },
            { "array_i64.npy", (arange(5, dtype: int64) - 2) * (1L << 40) },
            { "array_i32.npy", (arange(8, dtype: int32) - 4).reshape(2, 2, 2) },
            { "array_bool.npy", tensor(new[] { true, false, true, true }) },
            { "array_u8.npy", tensor(new byte[] { 0, 51, 102, 153, 204, 255 }) },
            { "array_scalar.npy", tensor(2.5f) },
        };
    }

    [Theory]
    [MemberData(nameof(NumpyFiles))]
    public void Read_EachSupportedDtype_ReturnsTypeShapeAndValues(string file, Tensor expected)
    {
        TensorAssert.Equal(expected, NpyArray.Read(FixtureFiles.PathOf(file)));
    }

    [Theory]
    [InlineData("array_fortran.npy")]
    [InlineData("array_v2.npy")]
    [InlineData("array_v3.npy")]
    public void Read_FortranOrderAndNewerHeaderVersions_ReturnLogicalArray(string file)
    {
        var actual = NpyArray.Read(FixtureFiles.PathOf(file));

        TensorAssert.Equal(arange(6, dtype: float32).reshape(2, 3), actual);
        Assert.True(actual.is_contiguous());
    }

    [Theory]
    [InlineData("array_f32.npy")]
    [InlineData("array_f64.npy")]
    [InlineData("array_i64.npy")]
    [InlineData("array_i32.npy")]
    [InlineData("array_bool.npy")]
    [InlineData("array_u8.npy")]
    [InlineData("array_scalar.npy")]
    public void Write_ArrayReadFromNumpyFile_ReproducesTheFileByteForByte(string file)
    {
        string original = FixtureFiles.PathOf(file);
        string copy = temp.File(file);

        NpyArray.Write(copy, NpyArray.Read(original));

        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(copy));
    }

    public static TheoryData<ScalarType> WritableTypes() =>
        [ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Int32, ScalarType.Byte, ScalarType.Bool];

    [Theory]
    [MemberData(nameof(WritableTypes))]
    public void WriteThenRead_EachWritableDtype_RoundTripsExactly(ScalarType dtype)
    {
        // A transposed (non-contiguous) view: Write must store its logical C-order values.
        var source = (arange(24, dtype: float64) * 37 % 11 - 3).to(dtype).reshape(4, 6).t();
        string path = temp.File("roundtrip.npy");

        NpyArray.Write(path, source);

        TensorAssert.Equal(source.contiguous(), NpyArray.Read(path));
        Assert.Equal(0, (File.ReadAllBytes(path).Length - (24 * (int)source.ElementSize)) % 64);
    }

    [Fact]
    public void Write_ComplexTensor_ThrowsNotSupported()
    {
        var source = zeros(2, dtype: complex64);

        Assert.Throws<NotSupportedException>(() => NpyArray.Write(temp.File("c.npy"), source));
    }

    [Theory]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", "Big-endian")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", "Unsupported .npy dtype '<c8'")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", "Structured")]
    public void Read_UnsupportedDtype_ThrowsNotSupportedNamingIt(string header, string expectedText)
    {
        string path = WriteRaw("bad.npy", 1, header, new byte[8]);

        var error = Assert.Throws<NotSupportedException>(() => NpyArray.Read(path));

        Assert.Contains(expectedText, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownFormatVersion_ThrowsNotSupported()
    {
        string path = WriteRaw("v9.npy", 9, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);

        var error = Assert.Throws<NotSupportedException>(() => NpyArray.Read(path));

        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'shape': (1,), }", "missing 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", "expected True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected key 'extra'")]
    public void Read_MalformedHeader_ThrowsInvalidDataWithReason(string header, string reason)
    {
        string path = WriteRaw("malformed.npy", 1, header, new byte[4]);

        var error = Assert.Throws<InvalidDataException>(() => NpyArray.Read(path));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingMagic_ThrowsInvalidData()
    {
        string path = temp.File("text.npy");
        File.WriteAllText(path, "definitely not numpy");

        Assert.Throws<InvalidDataException>(() => NpyArray.Read(path));
    }

    [Fact]
    public void Read_DataShorterThanShape_ThrowsInvalidData()
    {
        string path = WriteRaw("short.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", new byte[16]);

        var error = Assert.Throws<InvalidDataException>(() => NpyArray.Read(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    private string WriteRaw(string name, byte major, string header, byte[] data)
    {
        using var stream = new MemoryStream();
        stream.Write([0x93, .. "NUMPY"u8, major, 0]);
        byte[] text = Encoding.Latin1.GetBytes(header + "\n");
        stream.Write(major == 1 ? BitConverter.GetBytes((ushort)text.Length) : BitConverter.GetBytes((uint)text.Length));
        stream.Write(text);
        stream.Write(data);
        string path = temp.File(name);
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }
}
