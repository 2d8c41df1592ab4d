using System.Runtime.InteropServices;

namespace Magvit.Contracts.Tests;

public sealed class FrameChunkerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(3 * 128 * 128 * 17)]
    public void Split_AnyLength_CoversInputExactlyWithViewsOfAtMost64KiB(int length)
    {
        var source = Bytes(length);

        var slices = FrameChunker.Split(source);

        var position = 0;
        foreach (var slice in slices)
        {
            Assert.InRange(slice.Length, 1, FrameChunker.MaxChunkBytes);
            Assert.True(MemoryMarshal.TryGetArray(slice, out var segment));
            Assert.Same(source, segment.Array);
            Assert.Equal(position, segment.Offset);
            position += slice.Length;
        }

        Assert.Equal(length, position);
        Assert.Equal((length + FrameChunker.MaxChunkBytes - 1) / FrameChunker.MaxChunkBytes, slices.Count);
    }

    [Fact]
    public void Split_OffsetMemory_SlicesStayInsideTheCallersWindow()
    {
        var source = Bytes(200_000);
        var window = source.AsMemory(1_000, 150_000);

        var slices = FrameChunker.Split(window, 50_000);

        Assert.Equal(3, slices.Count);
        Assert.True(MemoryMarshal.TryGetArray(slices[2], out var last));
        Assert.Same(source, last.Array);
        Assert.Equal(101_000, last.Offset);
        Assert.Equal(50_000, last.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_537)]
    public void Split_ChunkSizeOutsideOneTo64KiB_Throws(int maxChunkBytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameChunker.Split(Bytes(10), maxChunkBytes));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameChunker(maxChunkBytes));
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(1000, 2500)]
    [InlineData(65_536, 200_000)]
    public void Skip_ThenChunk_NumbersChunksAsIfTheSkippedBytesHadBeenChunked(int maxChunkBytes, int skipped)
    {
        var frames = new[] { Bytes(skipped), Bytes(3000) };
        var whole = new FrameChunker(maxChunkBytes);
        _ = whole.Chunk(frames[0]);
        var expected = whole.Chunk(frames[1]);
        var resumed = new FrameChunker(maxChunkBytes);

        resumed.Skip(skipped);
        var actual = resumed.Chunk(frames[1]);

        Assert.Equal(expected, actual);
        Assert.Equal(whole.NextSequenceNumber, resumed.NextSequenceNumber);
        Assert.Equal(whole.Offset, resumed.Offset);
    }

    [Fact]
    public void Chunk_SuccessiveFrames_NumbersChunksAndOffsetsAcrossCalls()
    {
        var chunker = new FrameChunker();
        var first = Bytes(100_000);
        var second = Bytes(30_000);

        var a = chunker.Chunk(first);
        var b = chunker.Chunk(second);

        Assert.Equal([0ul, 1ul, 2ul], a.Concat(b).Select(c => c.SequenceNumber));
        Assert.Equal([0ul, 65_536ul, 100_000ul], a.Concat(b).Select(c => c.Offset));
        Assert.Equal(3ul, chunker.NextSequenceNumber);
        Assert.Equal(130_000ul, chunker.Offset);
    }

    [Fact]
    public void Chunk_WrapsTheCallersBytesWithoutCopying()
    {
        var frame = Bytes(3 * 256 * 256);

        var chunks = new FrameChunker().Chunk(frame);

        Assert.Equal(3, chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            Assert.True(MemoryMarshal.TryGetArray(chunks[i].Data.Memory, out var segment));
            Assert.Same(frame, segment.Array);
            Assert.Equal(i * FrameChunker.MaxChunkBytes, segment.Offset);
        }
    }

    [Fact]
    public void Chunk_EmptyData_GivesNoChunks()
    {
        var chunker = new FrameChunker();

        Assert.Empty(chunker.Chunk(ReadOnlyMemory<byte>.Empty));
        Assert.Equal(0ul, chunker.NextSequenceNumber);
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
