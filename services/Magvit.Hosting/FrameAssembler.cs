namespace Magvit.Hosting;

/// <summary>
/// Turns a byte stream cut at arbitrary points into runs of whole frames. Holds at most one partial frame; a chunk
/// that completes frames returns them in one buffer (copied, since chunk buffers belong to the transport).
/// </summary>
public sealed class FrameAssembler(int frameBytes)
{
    private readonly byte[] partial = new byte[frameBytes];
    private int partialLength;

    /// <summary>Adds <paramref name="data"/>; returns the frames it completes (possibly none).</summary>
    public ReadOnlyMemory<byte> Add(ReadOnlyMemory<byte> data)
    {
        var total = partialLength + data.Length;
        var whole = total / frameBytes;
        if (whole == 0)
        {
            data.CopyTo(partial.AsMemory(partialLength));
            partialLength = total;
            return ReadOnlyMemory<byte>.Empty;
        }

        var output = new byte[whole * frameBytes];
        partial.AsSpan(0, partialLength).CopyTo(output);
        var fromData = output.Length - partialLength;
        data.Span[..fromData].CopyTo(output.AsSpan(partialLength));
        data[fromData..].CopyTo(partial);
        partialLength = data.Length - fromData;
        return output;
    }
}
