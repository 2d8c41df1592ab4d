using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// Reads pickle operands from a stream, one byte past STOP at most, so several pickles can follow each other in one
/// file (the legacy torch.save format). Tracks the offset for error messages.
/// </summary>
internal sealed class PickleInput(Stream stream)
{
    public long Offset { get; private set; }

    public byte ReadByte()
    {
        int b = stream.ReadByte();
        if (b < 0)
        {
            throw new InvalidDataException($"The pickle ends early (offset {Offset}, no STOP opcode).");
        }

        Offset++;
        return (byte)b;
    }

    public byte[] ReadBytes(long count)
    {
        if (count < 0 || count > Array.MaxLength || (stream.CanSeek && count > stream.Length - stream.Position))
        {
            throw new InvalidDataException($"The pickle asks for {count} bytes at offset {Offset}, beyond its end.");
        }

        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        Offset += count;
        return buffer;
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    /// <summary>BINFLOAT operands are big-endian IEEE doubles.</summary>
    public double ReadBigEndianDouble() => BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8));

    /// <summary>A text operand of the protocol-0 opcodes: bytes up to (not including) the newline.</summary>
    public string ReadLine(Encoding encoding)
    {
        var line = new List<byte>();
        for (byte b = ReadByte(); b != (byte)'\n'; b = ReadByte())
        {
            line.Add(b);
        }

        return encoding.GetString([.. line]);
    }

    /// <summary>Little-endian two's complement integer of LONG1 / LONG4; a long when it fits.</summary>
    public static object DecodeLong(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return Normalize(value);
    }

    /// <summary>Decimal text of INT / LONG ("12", "-3L", "01" is True for protocol 0 bools).</summary>
    public static object ParseInteger(string text)
    {
        string digits = text.TrimEnd('L');
        return BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? Normalize(value)
            : throw new InvalidDataException($"'{text}' is not a pickled integer.");
    }

    public static double ParseFloat(string text) => text.Trim() switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        var s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Python ints that fit 64 bits become long (what sizes, offsets and counts need); others stay big.</summary>
    private static object Normalize(BigInteger value)
    {
        object result = value;
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            result = (long)value;
        }

        return result;
    }
}
