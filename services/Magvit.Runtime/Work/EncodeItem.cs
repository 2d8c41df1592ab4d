namespace Magvit.Runtime.Work;

/// <summary>
/// Rows of RGB24 pixels, <see cref="BatchKey.Frames"/> frames of H·W·3 bytes each → token ids: one h·w array per
/// (row, latent frame), rows first. The memory is read on the worker, so it must not change until the item is done.
/// </summary>
internal sealed class EncodeItem(BatchKey key, IReadOnlyList<ReadOnlyMemory<byte>> pixels, StreamSlot? slot, CancellationToken cancellationToken)
    : WorkItem<int[][]>(key, pixels.Count, slot, cancellationToken)
{
    /// <summary>One memory per batch row.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Pixels { get; } = pixels;
}
