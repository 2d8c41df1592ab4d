using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Magvit.Runtime.Pixels;

/// <summary>Managed rows ↔ one batched tensor, by a single memory copy per row (no per-element loops).</summary>
internal static class TensorRows
{
    /// <summary>Rows of <typeparamref name="T"/> values, each shaped <paramref name="rowShape"/> → (N, …rowShape).</summary>
    public static Tensor Stack<T>(IReadOnlyList<ReadOnlyMemory<T>> rows, long[] rowShape, ScalarType dtype)
        where T : unmanaged
    {
        var rowLength = checked((int)rowShape.Aggregate(1L, (a, b) => a * b));
        var stacked = empty([rows.Count, .. rowShape], dtype);
        var target = MemoryMarshal.Cast<byte, T>(stacked.bytes);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != rowLength)
            {
                throw new ArgumentException($"Row {i} holds {rows[i].Length} values, expected {rowLength}.", nameof(rows));
            }

            rows[i].Span.CopyTo(target.Slice(i * rowLength, rowLength));
        }

        return stacked;
    }

    /// <summary>A contiguous tensor's elements, in memory order, as arrays of <paramref name="length"/> each.</summary>
    public static T[][] Split<T>(Tensor contiguous, int length)
        where T : unmanaged
    {
        var all = MemoryMarshal.Cast<byte, T>(contiguous.bytes);
        var parts = new T[all.Length / length][];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = all.Slice(i * length, length).ToArray();
        }

        return parts;
    }
}
