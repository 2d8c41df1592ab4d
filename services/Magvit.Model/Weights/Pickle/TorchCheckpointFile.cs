using static TorchSharp.torch;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// An open torch.save file: the unpickled object graph (<see cref="Root"/>, with lazy tensors) and the means to read
/// storages on demand. Storages are cached while the file is open so views sharing one are read once.
/// </summary>
internal abstract class TorchCheckpointFile : IDisposable
{
    private readonly Dictionary<(string Key, ScalarType DType), Tensor> storages = [];

    protected TorchCheckpointFile(object? root)
    {
        Root = root;
    }

    /// <summary>The top-level object: for a state dict or a Lightning checkpoint, a <see cref="PickleDict"/>.</summary>
    public object? Root { get; }

    /// <summary>Opens a zip (PyTorch ≥ 1.6) or legacy (sequential pickles) torch.save file.</summary>
    public static TorchCheckpointFile Open(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using (var probe = File.OpenRead(path))
        {
            if (probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
            {
                throw new InvalidDataException($"'{path}' is too short to be a checkpoint.");
            }
        }

        return head is [(byte)'P', (byte)'K', 3, 4] ? TorchZipFile.Open(path) : TorchLegacyFile.Open(path);
    }

    /// <summary>
    /// Fresh contiguous CPU tensors for <paramref name="tensors"/>, in order; none shares memory with another.
    /// Each storage is read once and released after the last tensor that uses it, so peak memory stays near the
    /// size of the result; a tensor that is the only, exact view of its storage takes the storage over uncopied.
    /// </summary>
    public List<Tensor> MaterializeAll(IReadOnlyList<TorchTensorRef> tensors)
    {
        var uses = new Dictionary<(string, ScalarType), int>();
        foreach (var t in tensors)
        {
            uses[(t.Storage.Key, t.DType)] = uses.GetValueOrDefault((t.Storage.Key, t.DType)) + 1;
        }

        var result = new List<Tensor>(tensors.Count);
        foreach (var t in tensors)
        {
            var key = (t.Storage.Key, t.DType);
            bool lastUse = --uses[key] == 0;
            result.Add(Materialize(t, lastUse));
            if (lastUse && storages.Remove(key, out var storage))
            {
                storage.Dispose();
            }
        }

        return result;
    }

    private Tensor Materialize(TorchTensorRef tensor, bool lastUse)
    {
        long[] size = tensor.Size;
        long[] stride = tensor.Stride;
        long offset = tensor.Offset + tensor.Storage.ElementOffset;
        long count = size.Aggregate(1L, (acc, d) => checked(acc * d));
        if (count == 0)
        {
            return empty(size, tensor.DType);
        }

        var storage = GetStorage(tensor.Storage, tensor.DType);
        long last = offset;
        for (int i = 0; i < size.Length; i++)
        {
            last += (size[i] - 1) * stride[i];
        }

        if (offset < 0 || stride.Any(s => s < 0) || last >= storage.shape[0])
        {
            throw new InvalidDataException(
                $"A tensor view (offset {offset}, size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}]) "
                + $"reaches past its {storage.shape[0]}-element storage '{tensor.Storage.Key}'.");
        }

        if (lastUse && offset == 0 && count == storage.shape[0] && IsContiguous(size, stride))
        {
            // The common case (one parameter, one storage): reshape shares the storage's memory, no copy needed.
            return storage.reshape(size);
        }

        var result = empty(size, tensor.DType);
        using var view = storage.as_strided(size, stride, offset);
        result.copy_(view);
        return result;
    }

    public void Dispose()
    {
        foreach (var storage in storages.Values)
        {
            storage.Dispose();
        }

        storages.Clear();
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The whole storage as a 1-D CPU tensor of <paramref name="dtype"/>.</summary>
    protected abstract Tensor LoadStorage(TorchStorageRef storage, ScalarType dtype);

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>C-order strides for <paramref name="size"/> (dimensions of extent 1 may have any stride).</summary>
    private static bool IsContiguous(long[] size, long[] stride)
    {
        long expected = 1;
        for (int i = size.Length - 1; i >= 0; i--)
        {
            if (size[i] != 1 && stride[i] != expected)
            {
                return false;
            }

            expected *= size[i];
        }

        return true;
    }

    private Tensor GetStorage(TorchStorageRef storage, ScalarType dtype)
    {
        if (!storages.TryGetValue((storage.Key, dtype), out var tensor))
        {
            // The cache owns storages until Dispose, whatever dispose scope the caller has open.
            tensor = LoadStorage(storage, dtype).DetachFromDisposeScope();
            storages.Add((storage.Key, dtype), tensor);
        }

        return tensor;
    }
}
