using static TorchSharp.torch;

namespace Magvit.Model.Generation.Transformer;

/// <summary>
/// One attention layer's keys and values, preallocated for a batch and a largest sequence length (B, H, capacity, Dh).
/// Positions are written in order; attention reads only the written prefix, so unwritten slots need no mask and
/// <see cref="Reset"/> makes the cache as good as new without clearing memory.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor keys;
    private readonly Tensor values;

    /// <summary>A cache of <paramref name="capacity"/> positions for <paramref name="batch"/> rows.</summary>
    public KvCache(long batch, long heads, long capacity, long headDim, ScalarType dtype, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);

        // Owned by this object, not by whatever dispose scope is open: the cache outlives per-step scopes.
        keys = zeros([batch, heads, capacity, headDim], dtype, device).DetachFromDisposeScope();
        values = zeros([batch, heads, capacity, headDim], dtype, device).DetachFromDisposeScope();
        Batch = batch;
        Capacity = capacity;
    }

    /// <summary>Rows the cache holds.</summary>
    public long Batch { get; }

    /// <summary>Largest number of positions.</summary>
    public long Capacity { get; }

    /// <summary>Positions written so far: attention sees [0, Length).</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Writes <paramref name="newKeys"/> and <paramref name="newValues"/> (B, H, L, Dh) at positions
    /// [<paramref name="start"/>, start + L) and returns views of every position up to there, (B, H, start + L, Dh).
    /// <paramref name="start"/> may rewind (later positions are then dropped) but never skip a position.
    /// </summary>
    public (Tensor Keys, Tensor Values) Update(long start, Tensor newKeys, Tensor newValues)
    {
        ArgumentNullException.ThrowIfNull(newKeys);
        ArgumentNullException.ThrowIfNull(newValues);
        var length = newKeys.shape[2];
        if (start < 0 || start > Length || start + length > Capacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(start), start, $"Cannot write {length} position(s) at {start}: {Length} written, capacity {Capacity}.");
        }

        if (newKeys.shape[0] != Batch)
        {
            throw new ArgumentException($"The cache holds {Batch} rows, got {newKeys.shape[0]}.", nameof(newKeys));
        }

        keys.narrow(2, start, length).copy_(newKeys);
        values.narrow(2, start, length).copy_(newValues);
        Length = start + length;
        return (keys.narrow(2, 0, Length), values.narrow(2, 0, Length));
    }

    /// <summary>Forgets every position (the memory is reused as is).</summary>
    public void Reset() => Length = 0;

    /// <inheritdoc />
    public void Dispose()
    {
        keys.Dispose();
        values.Dispose();
    }
}
