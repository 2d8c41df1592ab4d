namespace Magvit.Contracts.Tests;

public sealed class TokenPackingTests
{
    private static readonly int[] Counts = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 255, 256, 1001];

    public static TheoryData<int> AllBits()
    {
        var data = new TheoryData<int>();
        for (var bits = TokenPacking.MinBits; bits <= TokenPacking.MaxBits; bits++)
        {
            data.Add(bits);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllBits))]
    public void PackThenUnpack_RandomIdsAnyCount_RoundTripsAndMatchesBitReference(int bits)
    {
        var random = new Random(1234 + bits);
        foreach (var count in Counts)
        {
            var ids = RandomIds(random, count, bits);

            var packed = TokenPacking.Pack(ids, bits);

            Assert.Equal(((count * bits) + 7) / 8, packed.Length);
            Assert.Equal(ReferencePack(ids, bits), packed);
            Assert.Equal(ids, TokenPacking.Unpack(packed, bits, count));
        }
    }

    [Theory]
    [MemberData(nameof(AllBits))]
    public void Pack_ExtremeIds_RoundTrip(int bits)
    {
        var max = (uint)((1L << bits) - 1);
        uint[] ids = [max, 0, max, max, 0, 0, max, 1, max - 1, max];

        var packed = TokenPacking.Pack(ids, bits);

        Assert.Equal(ReferencePack(ids, bits), packed);
        Assert.Equal(ids, TokenPacking.Unpack(packed, bits, ids.Length));
    }

    [Fact]
    public void Pack_HandComputedK18Example_GivesDocumentedBytes()
    {
        // tokens.proto: id 1 sets bit 0, 2^17 sets bit 35, 3 sets bits 36 and 37; 54 bits → 7 bytes.
        var packed = TokenPacking.Pack([1u, 1u << 17, 3u], 18);

        Assert.Equal(new byte[] { 0x01, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00 }, packed);
    }

    [Fact]
    public void Pack_HandComputedK1Example_BitsAreLsbFirstWithinBytes()
    {
        var packed = TokenPacking.Pack([1u, 0, 1, 1, 0, 0, 0, 0, 1], 1);

        Assert.Equal(new byte[] { 0b0000_1101, 0b0000_0001 }, packed);
    }

    [Fact]
    public void Pack_K18_CostsTwoAndAQuarterBytesPerToken()
    {
        Assert.Equal(9, TokenPacking.Pack([1u, 2, 3, 4], 18).Length);
        Assert.Equal(576, TokenPacking.PackedLength(16 * 16, 18));
    }

    [Theory]
    [InlineData(1, 2u)]
    [InlineData(18, 1u << 18)]
    [InlineData(18, uint.MaxValue)]
    [InlineData(31, 1u << 31)]
    public void Pack_IdOutsideCodebook_ThrowsNamingIdAndIndex(int bits, uint id)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TokenPacking.Pack([0u, id], bits));

        Assert.Contains($"Token id {id} at index 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(-1)]
    public void Pack_BitsOutsideOneTo31_Throws(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenPacking.Pack([0u], bits));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenPacking.Unpack([0], bits, 1));
    }

    [Fact]
    public void Pack_DestinationOfWrongLength_Throws()
    {
        var destination = new byte[8];

        Assert.Throws<ArgumentException>(() => TokenPacking.Pack([1u, 2, 3, 4], 18, destination));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(0)]
    public void Unpack_WrongLength_ThrowsWithExpectedLength(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => TokenPacking.Unpack(new byte[length], 18, 3));

        Assert.Contains("need ⌈3·18/8⌉ = 7", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x80)]
    public void Unpack_NonZeroPadBits_Throws(byte lastByte)
    {
        // 3 tokens of 18 bits use 54 bits; bits 54 and 55 (0x40 and 0x80 of byte 6) are padding.
        byte[] packed = [0x01, 0x00, 0x00, 0x00, 0x38, 0x00, lastByte];

        var error = Assert.Throws<ArgumentException>(() => TokenPacking.Unpack(packed, 18, 3));

        Assert.Contains("pad bits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllBits))]
    public void Unpack_AnySetPadBit_Throws(int bits)
    {
        var random = new Random(99 + bits);
        foreach (var count in Counts)
        {
            var used = count * bits;
            var packed = TokenPacking.Pack(RandomIds(random, count, bits), bits);
            for (var bit = used; bit < packed.Length * 8; bit++)
            {
                var corrupt = (byte[])packed.Clone();
                corrupt[bit / 8] |= (byte)(1 << (bit % 8));

                Assert.Throws<ArgumentException>(() => TokenPacking.Unpack(corrupt, bits, count));
            }
        }
    }

    [Fact]
    public void Unpack_HandComputedK18Example_GivesIds()
    {
        Assert.Equal([1u, 1u << 17, 3u], TokenPacking.Unpack([0x01, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00], 18, 3));
    }

    [Fact]
    public void Unpack_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenPacking.Unpack([], 18, -1));
    }

    [Fact]
    public void RequireIds_IdAtCodebookSize_Throws()
    {
        TokenPacking.RequireIds([0u, (1u << 18) - 1], 18);

        Assert.Throws<ArgumentOutOfRangeException>(() => TokenPacking.RequireIds([0u, 1u << 18], 18));
    }

    private static uint[] RandomIds(Random random, int count, int bits)
    {
        var ids = new uint[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (uint)random.NextInt64(1L << bits);
        }

        return ids;
    }

    /// <summary>The contract's definition, one bit at a time: bit i of token n is stream bit n·K + i, LSB-first.</summary>
    private static byte[] ReferencePack(uint[] ids, int bits)
    {
        var packed = new byte[((ids.Length * bits) + 7) / 8];
        for (var n = 0; n < ids.Length; n++)
        {
            for (var i = 0; i < bits; i++)
            {
                if (((ids[n] >> i) & 1) != 0)
                {
                    var bit = (n * bits) + i;
                    packed[bit / 8] |= (byte)(1 << (bit % 8));
                }
            }
        }

        return packed;
    }
}
