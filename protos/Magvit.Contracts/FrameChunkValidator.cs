using Magvit.Contracts.V1;

namespace Magvit.Contracts;

/// <summary>
/// The receiving side of frames.proto's chunking rule: checks each chunk's sequence number, offset and size, and at
/// the end that the stream held whole frames (as many as the header's frame_count, when set). Violations throw
/// <see cref="ArgumentException"/> (services answer INVALID_ARGUMENT). One instance per stream; not thread-safe.
/// </summary>
public sealed class FrameChunkValidator
{
    private readonly long frameBytes;
    private readonly ulong? expectedBytes;

    /// <summary>A validator for the stream that <paramref name="header"/> describes.</summary>
    public FrameChunkValidator(FrameHeader header)
    {
        frameBytes = FrameLayout.FrameBytes(header);
        if (header.HasFrameCount)
        {
            if (header.FrameCount > ulong.MaxValue / (ulong)frameBytes)
            {
                throw new ArgumentException($"frame_count {header.FrameCount} of {frameBytes}-byte frames is too large.", nameof(header));
            }

            expectedBytes = header.FrameCount * (ulong)frameBytes;
        }
    }

    /// <summary>Sequence number the next chunk must carry.</summary>
    public ulong NextSequenceNumber { get; private set; }

    /// <summary>Bytes received so far: the offset the next chunk must carry.</summary>
    public ulong Offset { get; private set; }

    /// <summary>Frames received completely so far.</summary>
    public ulong CompleteFrames => Offset / (ulong)frameBytes;

    /// <summary>Checks <paramref name="chunk"/> and returns its data (a view of the message's bytes, not a copy).</summary>
    public ReadOnlyMemory<byte> Accept(FrameChunk chunk)
    {
        if (chunk.SequenceNumber != NextSequenceNumber)
        {
            throw new ArgumentException($"Frame chunk sequence number {chunk.SequenceNumber} arrived where {NextSequenceNumber} was due.", nameof(chunk));
        }

        if (chunk.Offset != Offset)
        {
            throw new ArgumentException($"Frame chunk {chunk.SequenceNumber} starts at byte {chunk.Offset}; the stream is at byte {Offset}.", nameof(chunk));
        }

        var length = chunk.Data.Length;
        if (length is 0 or > FrameChunker.MaxChunkBytes)
        {
            throw new ArgumentException($"Frame chunk {chunk.SequenceNumber} holds {length} bytes; chunks hold 1 … {FrameChunker.MaxChunkBytes}.", nameof(chunk));
        }

        if (expectedBytes is { } expected && Offset + (ulong)length > expected)
        {
            throw new ArgumentException($"Frame chunk {chunk.SequenceNumber} goes past the {expected} bytes of the header's frame_count.", nameof(chunk));
        }

        NextSequenceNumber++;
        Offset += (ulong)length;
        return chunk.Data.Memory;
    }

    /// <summary>Checks, at the end of the stream, that it held whole frames and as many as the header announced.</summary>
    public void Complete()
    {
        if (Offset % (ulong)frameBytes != 0)
        {
            throw new ArgumentException($"The frame stream ended inside frame {CompleteFrames}: {Offset} bytes is not a multiple of {frameBytes}.");
        }

        if (expectedBytes is { } expected && Offset != expected)
        {
            throw new ArgumentException($"The frame stream ended after {CompleteFrames} frames; the header announced {expected / (ulong)frameBytes}.");
        }
    }
}
