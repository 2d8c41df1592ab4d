using Google.Protobuf;
using Magvit.Contracts.V1;

namespace Magvit.Contracts;

/// <summary>
/// The sending side of frames.proto's chunking rule: the frame byte string goes out in slices of at most
/// <see cref="MaxChunkBytes"/>, with sequence numbers 0, 1, 2, … and running byte offsets. Slices share the caller's
/// memory (no copy), so the caller must not change it until the chunks have been written. One instance per stream;
/// not thread-safe.
/// </summary>
public sealed class FrameChunker
{
    /// <summary>Largest chunk payload: 64 KiB, below the large-object-heap threshold and far below message limits.</summary>
    public const int MaxChunkBytes = 64 * 1024;

    private readonly int maxChunkBytes;

    /// <summary>A chunker for one stream; <paramref name="maxChunkBytes"/> (1 … 64 KiB) bounds each chunk.</summary>
    public FrameChunker(int maxChunkBytes = MaxChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxChunkBytes, MaxChunkBytes);
        this.maxChunkBytes = maxChunkBytes;
    }

    /// <summary>Sequence number of the next chunk.</summary>
    public ulong NextSequenceNumber { get; private set; }

    /// <summary>Bytes chunked so far: the offset of the next chunk.</summary>
    public ulong Offset { get; private set; }

    /// <summary>
    /// The chunks that carry <paramref name="data"/> next in the stream (none for empty data). Eager, so the
    /// stream position advances exactly once per call.
    /// </summary>
    public IReadOnlyList<FrameChunk> Chunk(ReadOnlyMemory<byte> data)
    {
        var slices = Split(data, maxChunkBytes);
        var chunks = new FrameChunk[slices.Count];
        for (var i = 0; i < slices.Count; i++)
        {
            chunks[i] = new FrameChunk
            {
                SequenceNumber = NextSequenceNumber++,
                Offset = Offset,
                Data = UnsafeByteOperations.UnsafeWrap(slices[i]),
            };
            Offset += (ulong)slices[i].Length;
        }

        return chunks;
    }

    /// <summary>
    /// Advances the stream position as <see cref="Chunk"/> would for <paramref name="length"/> bytes, without making
    /// chunks: a resumed stream leaves out what the client already has, yet numbers what it sends as the uninterrupted
    /// stream would have.
    /// </summary>
    public void Skip(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        NextSequenceNumber += (ulong)((length / maxChunkBytes) + (length % maxChunkBytes == 0 ? 0 : 1));
        Offset += (ulong)length;
    }

    /// <summary>
    /// Consecutive slices of <paramref name="data"/> (views, not copies) of <paramref name="maxChunkBytes"/> bytes
    /// each, the last one shorter; none for empty data.
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> data, int maxChunkBytes = MaxChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxChunkBytes, MaxChunkBytes);
        var slices = new ReadOnlyMemory<byte>[(data.Length / maxChunkBytes) + (data.Length % maxChunkBytes == 0 ? 0 : 1)];
        for (var i = 0; i < slices.Length; i++)
        {
            var start = i * maxChunkBytes;
            slices[i] = data.Slice(start, Math.Min(maxChunkBytes, data.Length - start));
        }

        return slices;
    }
}
