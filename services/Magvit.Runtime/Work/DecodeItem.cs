namespace Magvit.Runtime.Work;

/// <summary>
/// Rows of token ids, <see cref="BatchKey.Frames"/> latent frames of h·w ids each → RGB24 frames: one H·W·3 array per
/// (row, frame), rows first. The memory is read on the worker, so it must not change until the item is done.
/// </summary>
internal sealed class DecodeItem(BatchKey key, IReadOnlyList<ReadOnlyMemory<int>> tokenIds, StreamSlot? slot, CancellationToken cancellationToken)
    : WorkItem<byte[][]>(key, tokenIds.Count, slot, cancellationToken)
{
    /// <summary>One memory per batch row.</summary>
    public IReadOnlyList<ReadOnlyMemory<int>> TokenIds { get; } = tokenIds;
}
