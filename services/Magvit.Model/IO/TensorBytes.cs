using static TorchSharp.torch;

namespace Magvit.Model.IO;

/// <summary>
/// Moves raw element bytes between a stream and a tensor's own memory, without a managed copy. TorchSharp exposes
/// that memory as a <see cref="Span{T}"/> (int-indexed), so large tensors go through in chunks.
/// </summary>
internal static class TensorBytes
{
    // 64 MiB per span keeps every chunk far below int.MaxValue whatever the element size.
    private const long ChunkBytes = 1L << 26;

    /// <summary>Fills a contiguous CPU tensor with exactly its byte size read from <paramref name="source"/>.</summary>
    public static void ReadInto(Stream source, Tensor destination)
    {
        ForEachChunk(destination, span => source.ReadExactly(span));
    }

    /// <summary>Writes a tensor's elements (C order, native little-endian) to <paramref name="destination"/>.</summary>
    public static void WriteTo(Tensor source, Stream destination)
    {
        using var scope = NewDisposeScope();
        var dense = source.device_type == TorchSharp.DeviceType.CPU ? source.contiguous() : source.cpu().contiguous();
        ForEachChunk(dense, span => destination.Write(span));
    }

    /// <summary>The tensor's byte size (elements × element size).</summary>
    public static long ByteSize(Tensor t) => t.NumberOfElements * t.ElementSize;

    private delegate void SpanAction(Span<byte> span);

    private static void ForEachChunk(Tensor contiguous, SpanAction action)
    {
        if (!contiguous.is_contiguous())
        {
            throw new ArgumentException("The tensor must be contiguous.", nameof(contiguous));
        }

        long count = contiguous.NumberOfElements;
        if (count == 0)
        {
            return;
        }

        using var flat = contiguous.flatten();
        long chunkElements = Math.Max(1, ChunkBytes / contiguous.ElementSize);
        if (count <= chunkElements)
        {
            action(flat.bytes);
            return;
        }

        for (long start = 0; start < count; start += chunkElements)
        {
            using var part = flat.narrow(0, start, Math.Min(chunkElements, count - start));
            action(part.bytes);
        }
    }
}
