using System.Buffers.Binary;
using Magvit.Cli.Tokens;
using Magvit.Client;
using Magvit.Contracts;

namespace Magvit.Cli.Tests.Tokens;

/// <summary>The .mgt token file: round trips, the documented byte layout, and clear errors for anything else.</summary>
public sealed class MgtFileTests
{
    private const string Sha = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Theory]
    [InlineData(18, 3, 8, 8)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(31, 2, 3, 5)]
    [InlineData(6, 4, 4, 4)]
    public void WriteRead_AnyGridAndK_RoundTripsEverything(int bits, int frames, int height, int width)
    {
        var video = Video(bits, frames, height, width, seed: bits);

        var read = MgtReader.Read(Bytes(video));

        Assert.Equal(video.Header, read.Header);
        Assert.Equal(video.FrameRate, read.FrameRate);
        Assert.Equal(frames, read.Frames.Count);
        for (var t = 0; t < frames; t++)
        {
            Assert.Equal(t, read.Frames[t].LatentFrame);
            Assert.Equal(video.Frames[t].Ids, read.Frames[t].Ids);
        }
    }

    [Fact]
    public void Write_Layout_IsTheDocumentedHeaderThenTokensProtosPackedBits()
    {
        var video = Video(18, 2, 2, 3, seed: 1);

        var bytes = Bytes(video);

        Assert.Equal("MGT1"u8.ToArray(), bytes[..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        var modelId = "tok-small"u8.Length;
        Assert.Equal(70 + modelId, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal([18, 1, 1, 2], bytes[8..12]);   // K, raster order, bit order, frame rule (causal)
        Assert.Equal([2u, 2u, 3u, 8u, 4u, 0u, 30000u, 1001u], Enumerable.Range(0, 8).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12 + (4 * i)))));
        Assert.Equal(Convert.FromHexString(Sha), bytes[44..76]);
        Assert.Equal(modelId, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(76)));
        Assert.Equal("tok-small"u8.ToArray(), bytes[78..(78 + modelId)]);
        var ids = video.Frames.SelectMany(f => f.Ids).ToArray();
        Assert.Equal(TokenPacking.Pack(ids, 18), bytes[(78 + modelId)..]);   // ⌈12·18/8⌉ = 27 bytes
        Assert.Equal(27, bytes.Length - 78 - modelId);
    }

    [Fact]
    public void WriteRead_NoModelNoGeometryNoRate_StayAbsent()
    {
        var video = new TokenVideo(new TokenStreamHeader(6, 4, 4) { LatentFrames = 1 }, [new TokenFrame(0, new uint[16])]);

        var read = MgtReader.Read(Bytes(video));

        Assert.Null(read.Header.Model);
        Assert.Null(read.Header.Geometry);
        Assert.Null(read.FrameRate);
    }

    [Fact]
    public void Read_WrongMagic_SaysItIsNotATokenFile()
    {
        var bytes = Bytes(Video(18, 1, 2, 2, seed: 3));
        bytes[0] = (byte)'X';

        var error = Assert.Throws<InvalidDataException>(() => MgtReader.Read(bytes));

        Assert.Contains("not a .mgt token file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(40)]
    public void Read_TruncatedHeader_SaysTruncated(int length)
    {
        var bytes = Bytes(Video(18, 1, 2, 2, seed: 3));

        var error = Assert.Throws<InvalidDataException>(() => MgtReader.Read(bytes.AsSpan(0, length)));

        Assert.Contains(length < 4 ? "not a .mgt" : "truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedTokens_SaysHowManyBytesAreMissing()
    {
        var bytes = Bytes(Video(18, 2, 4, 4, seed: 3));

        var error = Assert.Throws<InvalidDataException>(() => MgtReader.Read(bytes.AsSpan(0, bytes.Length - 5)));

        Assert.Contains("truncated: 67 of 72 token bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingBytesOrSetPadBits_AreCorrupt()
    {
        var bytes = Bytes(Video(6, 1, 1, 3, seed: 3));   // 18 bits: 3 bytes, 6 pad bits

        Assert.Contains("unexpected bytes", Assert.Throws<InvalidDataException>(() => MgtReader.Read([.. bytes, 0])).Message, StringComparison.Ordinal);
        bytes[^1] |= 0x80;
        Assert.Contains("corrupt tokens", Assert.Throws<InvalidDataException>(() => MgtReader.Read(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OtherVersionOrK_IsRefusedByName()
    {
        var bytes = Bytes(Video(18, 1, 2, 2, seed: 3));
        var version = (byte[])bytes.Clone();
        version[4] = 2;
        var bits = (byte[])bytes.Clone();
        bits[8] = 40;

        Assert.Contains("version 2", Assert.Throws<InvalidDataException>(() => MgtReader.Read(version)).Message, StringComparison.Ordinal);
        Assert.Contains("K = 40", Assert.Throws<InvalidDataException>(() => MgtReader.Read(bits)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPath_MissingOrCorruptFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"magvit-{Guid.NewGuid():N}.mgt");
        Assert.Throws<FileNotFoundException>(() => MgtReader.Read(path));
        File.WriteAllText(path, "MGT1");
        try
        {
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => MgtReader.Read(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_IdTooLargeForK_Throws()
    {
        var video = new TokenVideo(new TokenStreamHeader(4, 1, 2), [new TokenFrame(0, [3, 16])]);

        Assert.ThrowsAny<ArgumentException>(() => Bytes(video));
    }

    private static byte[] Bytes(TokenVideo video)
    {
        using var stream = new MemoryStream();
        MgtWriter.Write(stream, video);
        return stream.ToArray();
    }

    private static TokenVideo Video(int bits, int frames, int height, int width, int seed)
    {
        var random = new Random(seed);
        var limit = 1L << bits;
        var latent = Enumerable.Range(0, frames)
            .Select(t => new TokenFrame(t, [.. Enumerable.Range(0, height * width).Select(i => i == 0 ? (uint)(limit - 1) : (uint)random.NextInt64(limit))]))
            .ToList();
        var header = new TokenStreamHeader(bits, height, width)
        {
            LatentFrames = frames,
            Model = new ModelIdentity("tok-small", Sha),
            Geometry = new TokenGeometry(8, 4, TemporalRule.Causal, 0),
        };
        return new TokenVideo(header, latent) { FrameRate = new FrameRate(30000, 1001) };
    }
}
