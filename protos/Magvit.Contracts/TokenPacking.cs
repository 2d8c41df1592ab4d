using System.Buffers.Binary;

namespace Magvit.Contracts;

/// <summary>
/// The packed token encoding of <c>magvit.v1.TokenChunk.packed_tokens</c>: K bits per token, little-endian. Bit i of
/// token n is bit n·K + i of the byte string, bits numbered LSB-first within each byte; the string is exactly
/// ⌈count·K/8⌉ bytes and its trailing pad bits are zero. Ids move through a 64-bit accumulator 32 bits at a time.
/// </summary>
public static class TokenPacking
{
    /// <summary>Fewest bits per token.</summary>
    public const int MinBits = 1;

    /// <summary>Most bits per token: ids and codebook sizes stay exact in int32-based consumers.</summary>
    public const int MaxBits = 31;

    /// <summary>Bytes that <paramref name="count"/> tokens of <paramref name="bits"/> bits pack into: ⌈count·K/8⌉.</summary>
    public static int PackedLength(int count, int bits)
    {
        RequireBits(bits);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var bytes = (((long)count * bits) + 7) / 8;
        if (bytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} tokens of {bits} bits do not fit in one byte array.");
        }

        return (int)bytes;
    }

    /// <summary>Packs <paramref name="ids"/> (each &lt; 2^<paramref name="bits"/>) into a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is ≥ 2^bits, or bits is outside 1 … 31.</exception>
    public static byte[] Pack(ReadOnlySpan<uint> ids, int bits)
    {
        var packed = new byte[PackedLength(ids.Length, bits)];
        Pack(ids, bits, packed);
        return packed;
    }

    /// <summary>
    /// Packs <paramref name="ids"/> into <paramref name="destination"/>, which must be exactly
    /// <see cref="PackedLength"/> bytes long (for pooled or pre-sized buffers).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is ≥ 2^bits, or bits is outside 1 … 31.</exception>
    /// <exception cref="ArgumentException">The destination has another length.</exception>
    public static void Pack(ReadOnlySpan<uint> ids, int bits, Span<byte> destination)
    {
        var length = PackedLength(ids.Length, bits);
        if (destination.Length != length)
        {
            throw new ArgumentException(
                $"{ids.Length} tokens of {bits} bits pack into {length} bytes; the destination holds {destination.Length}.",
                nameof(destination));
        }

        var limit = 1u << bits;
        ulong accumulator = 0;
        var held = 0; // bits in the accumulator, always < 32 between tokens
        var written = 0;
        for (var n = 0; n < ids.Length; n++)
        {
            var id = ids[n];
            if (id >= limit)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(ids), id, $"Token id {id} at index {n} does not fit in {bits} bits (ids must be < {limit}).");
            }

            accumulator |= (ulong)id << held;
            held += bits;
            if (held >= 32)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination[written..], (uint)accumulator);
                written += 4;
                accumulator >>= 32;
                held -= 32;
            }
        }

        // The last 0 … 3 bytes; bits above `held` are zero, which makes the pad bits zero.
        for (; written < length; written++, accumulator >>= 8)
        {
            destination[written] = (byte)accumulator;
        }
    }

    /// <summary>Unpacks <paramref name="count"/> ids of <paramref name="bits"/> bits into a new array.</summary>
    /// <exception cref="ArgumentException">The length is not ⌈count·K/8⌉, or a pad bit is set.</exception>
    /// <exception cref="ArgumentOutOfRangeException">bits is outside 1 … 31, or count is negative.</exception>
    public static uint[] Unpack(ReadOnlySpan<byte> packed, int bits, int count)
    {
        RequireLength(packed, bits, count);
        var ids = new uint[count];
        Unpack(packed, bits, ids);
        return ids;
    }

    /// <summary>Unpacks <paramref name="destination"/>.Length ids of <paramref name="bits"/> bits into it.</summary>
    /// <exception cref="ArgumentException">The length is not ⌈count·K/8⌉, or a pad bit is set.</exception>
    /// <exception cref="ArgumentOutOfRangeException">bits is outside 1 … 31.</exception>
    public static void Unpack(ReadOnlySpan<byte> packed, int bits, Span<uint> destination)
    {
        RequireLength(packed, bits, destination.Length);
        var mask = (1ul << bits) - 1;
        ulong accumulator = 0;
        var held = 0; // bits in the accumulator, always < bits ≤ 31 before a refill
        var read = 0;
        for (var n = 0; n < destination.Length; n++)
        {
            if (held < bits)
            {
                if (packed.Length - read >= 4)
                {
                    accumulator |= (ulong)BinaryPrimitives.ReadUInt32LittleEndian(packed[read..]) << held;
                    read += 4;
                    held += 32;
                }
                else
                {
                    // Fewer than 4 bytes left: they hold the last < 32 bits, which complete this and any later ids.
                    for (; read < packed.Length; read++, held += 8)
                    {
                        accumulator |= (ulong)packed[read] << held;
                    }
                }
            }

            destination[n] = (uint)(accumulator & mask);
            accumulator >>= bits;
            held -= bits;
        }

        // Every byte has been read (the length is exactly ⌈count·K/8⌉); what is left are the pad bits.
        if (accumulator != 0)
        {
            throw new ArgumentException(
                $"The pad bits after {destination.Length} tokens of {bits} bits must be zero (got 0x{accumulator:x} in the last byte).",
                nameof(packed));
        }
    }

    /// <summary>Throws unless every id is &lt; 2^<paramref name="bits"/> (for the uint32 encoding).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is ≥ 2^bits, or bits is outside 1 … 31.</exception>
    public static void RequireIds(ReadOnlySpan<uint> ids, int bits)
    {
        RequireBits(bits);
        var limit = 1u << bits;
        for (var n = 0; n < ids.Length; n++)
        {
            if (ids[n] >= limit)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(ids), ids[n], $"Token id {ids[n]} at index {n} does not fit in {bits} bits (ids must be < {limit}).");
            }
        }
    }

    private static void RequireBits(int bits)
    {
        if (bits is < MinBits or > MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"Bits per token must lie in {MinBits} … {MaxBits}.");
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> packed, int bits, int count)
    {
        var length = PackedLength(count, bits);
        if (packed.Length != length)
        {
            throw new ArgumentException(
                $"Packed tokens hold {packed.Length} bytes; {count} tokens of {bits} bits need ⌈{count}·{bits}/8⌉ = {length}.",
                nameof(packed));
        }
    }
}
