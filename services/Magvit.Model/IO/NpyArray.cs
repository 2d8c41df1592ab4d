using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace Magvit.Model.IO;

/// <summary>
/// Reads and writes NumPy .npy files (format versions 1.0, 2.0 and 3.0, little-endian). Written files are byte-for-byte
/// what <c>numpy.save</c> produces for the same array.
/// </summary>
public static class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // numpy.lib.format.ARRAY_ALIGN: the data starts on a 64-byte boundary.
    private const int ArrayAlign = 64;

    /// <summary>
    /// Reads an array as a contiguous CPU tensor. Supports &lt;f4 &lt;f8 &lt;f2 &lt;i8 &lt;i4 &lt;i2 |i1 |u1 |b1, in C or
    /// Fortran order.
    /// </summary>
    public static Tensor Read(string path)
    {
        using var stream = File.OpenRead(path);
        NpyHeader header;
        ScalarType dtype;
        try
        {
            header = ReadHeader(stream);
            dtype = NpyDType.Parse(header.Descr);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or EndOfStreamException)
        {
            throw Rethrow(e, path);
        }

        long[] fileShape = header.FortranOrder ? [.. Enumerable.Reverse(header.Shape)] : header.Shape;
        using var scope = NewDisposeScope();
        var tensor = empty(fileShape, dtype);
        long needed = TensorBytes.ByteSize(tensor);
        if (stream.Length - stream.Position < needed)
        {
            throw new InvalidDataException(
                $"'{path}' is truncated: shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {needed} data bytes, "
                + $"the file has {stream.Length - stream.Position}.");
        }

        TensorBytes.ReadInto(stream, tensor);
        if (header.FortranOrder && header.Shape.Length > 1)
        {
            // Fortran order is C order of the reversed shape: reversing the axes back gives the logical array.
            long[] reversed = [.. Enumerable.Range(0, header.Shape.Length).Reverse().Select(i => (long)i)];
            tensor = tensor.permute(reversed).contiguous();
        }

        return tensor.MoveToOuterDisposeScope();
    }

    /// <summary>Writes a tensor (any device or layout) as a C-order .npy file; float32/64, int64/32/16/8, uint8, bool.</summary>
    public static void Write(string path, Tensor t)
    {
        var header = new NpyHeader(NpyDType.Format(t.dtype), false, t.shape);
        using var stream = File.Create(path);
        stream.Write(WrapHeader(header.Format()));
        TensorBytes.WriteTo(t, stream);
    }

    private static NpyHeader ReadHeader(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a .npy file (missing the \\x93NUMPY magic)");
        }

        byte major = prefix[6];
        int headerLength;
        switch (major)
        {
            case 1:
                Span<byte> len16 = stackalloc byte[2];
                stream.ReadExactly(len16);
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len16);
                break;
            case 2 or 3:
                Span<byte> len32 = stackalloc byte[4];
                stream.ReadExactly(len32);
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(len32);
                headerLength = length <= int.MaxValue && length <= stream.Length
                    ? (int)length
                    : throw new InvalidDataException($"header length {length} exceeds the file");
                break;
            default:
                throw new NotSupportedException($"unsupported .npy format version {major}.{prefix[7]} (1.0, 2.0 and 3.0 are)");
        }

        byte[] text = new byte[headerLength];
        stream.ReadExactly(text);
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        return NpyHeader.Parse(encoding.GetString(text));
    }

    private static byte[] WrapHeader(string dict)
    {
        // Mirrors numpy.lib.format._wrap_header: version 1.0 unless the header outgrows its 16-bit length.
        byte[] text = Encoding.Latin1.GetBytes(dict);
        int lengthField = 2;
        int padding = Padding(text.Length, lengthField);
        bool v1 = text.Length + padding + 1 <= ushort.MaxValue;
        if (!v1)
        {
            lengthField = 4;
            padding = Padding(text.Length, lengthField);
        }

        int headerLength = text.Length + padding + 1;

        var buffer = new byte[Magic.Length + 2 + lengthField + headerLength];
        Magic.CopyTo(buffer, 0);
        buffer[6] = v1 ? (byte)1 : (byte)2;
        buffer[7] = 0;
        if (v1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), (uint)headerLength);
        }

        int start = 8 + lengthField;
        text.CopyTo(buffer, start);
        buffer.AsSpan(start + text.Length, padding).Fill((byte)' ');
        buffer[^1] = (byte)'\n';
        return buffer;
    }

    // Spaces before the closing newline so magic + version + length field + header is a multiple of 64 (never 0).
    private static int Padding(int textLength, int lengthField) =>
        ArrayAlign - ((Magic.Length + 2 + lengthField + textLength + 1) % ArrayAlign);

    private static Exception Rethrow(Exception e, string path) => e switch
    {
        NotSupportedException => new NotSupportedException($"'{path}': {e.Message}", e),
        _ => new InvalidDataException($"'{path}' is not a valid .npy file: {e.Message}", e),
    };
}
