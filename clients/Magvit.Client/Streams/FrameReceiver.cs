using Magvit.Contracts;
using V1 = Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>
/// Turns the frame chunks of one Detokenize call back into whole frames. A resumed call starts at the first frame of
/// its start latent frame, at that frame's byte offset; frames the caller already has are dropped.
/// </summary>
internal sealed class FrameReceiver
{
    private readonly int width;
    private readonly int height;
    private readonly int frameBytes;
    private readonly Queue<RgbFrame> pending = new();
    private byte[] frame;
    private int filled;
    private long skip;
    private ulong nextOffset;
    private ulong? nextSequence;

    /// <summary>Frames of <paramref name="format"/> from frame <paramref name="firstFrame"/> on, the first <paramref name="skip"/> dropped.</summary>
    public FrameReceiver(VideoFormat format, long firstFrame, long skip)
    {
        (width, height) = (format.Width, format.Height);
        frameBytes = checked(width * height * 3);
        frame = new byte[frameBytes];
        this.skip = skip;
        nextOffset = (ulong)firstFrame * (ulong)frameBytes;
    }

    /// <summary>Frames received but not yet taken.</summary>
    public int Pending => pending.Count;

    /// <summary>True when no frame is partly received.</summary>
    public bool AtFrameBoundary => filled == 0;

    /// <summary>Accepts the next chunk; returns null when it is fine, else what is wrong with it.</summary>
    public string? Accept(V1.FrameChunk chunk)
    {
        if (chunk.Offset != nextOffset)
        {
            return $"frame chunk {chunk.SequenceNumber} starts at byte {chunk.Offset} where {nextOffset} was due";
        }

        if (nextSequence is { } sequence && chunk.SequenceNumber != sequence)
        {
            return $"frame chunk sequence number {chunk.SequenceNumber} arrived where {sequence} was due";
        }

        var data = chunk.Data.Span;
        if (data.Length is 0 or > FrameChunker.MaxChunkBytes)
        {
            return $"frame chunk {chunk.SequenceNumber} holds {data.Length} bytes; chunks hold 1 … {FrameChunker.MaxChunkBytes}";
        }

        (nextSequence, nextOffset) = (chunk.SequenceNumber + 1, nextOffset + (ulong)data.Length);
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, frameBytes - filled);
            data[..take].CopyTo(frame.AsSpan(filled));
            data = data[take..];
            filled += take;
            if (filled == frameBytes)
            {
                // A frame the caller has already seen (before the stream broke) is dropped, not delivered twice.
                if (skip > 0)
                {
                    skip--;
                }
                else
                {
                    pending.Enqueue(new RgbFrame(width, height, frame));
                    frame = new byte[frameBytes];
                }

                filled = 0;
            }
        }

        return null;
    }

    public RgbFrame Take() => pending.Dequeue();
}
