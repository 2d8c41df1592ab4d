using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using Magvit.Model.IO;
using static TorchSharp.torch;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// The pre-1.6 torch.save format (still written with <c>_use_new_zipfile_serialization=False</c>): five pickles in a
/// row (magic number, protocol version, system info, the object, the list of storage keys), then for each key an
/// int64 element count and the storage's raw bytes.
/// </summary>
internal sealed class TorchLegacyFile : TorchCheckpointFile
{
    private const long ProtocolVersion = 1001;
    private static readonly BigInteger MagicNumber = BigInteger.Parse("1950a86a20f9469cfc6c", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private readonly FileStream stream;
    private readonly Dictionary<string, (long Offset, long Count, ScalarType DType)> data;
    private readonly string path;

    private TorchLegacyFile(object? root, FileStream stream, Dictionary<string, (long, long, ScalarType)> data, string path)
        : base(root)
    {
        this.stream = stream;
        this.data = data;
        this.path = path;
    }

    public static new TorchLegacyFile Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            if (IsTar(stream))
            {
                throw new NotSupportedException($"'{path}' uses the tar-based torch.save format of PyTorch < 0.4, which is not supported.");
            }

            var resolver = new TorchPickleResolver();
            object? Next() => new PickleMachine(stream, resolver).Load();
            if (!StartsWithMagic(stream, Next))
            {
                throw new InvalidDataException(
                    $"'{path}' is not a checkpoint: neither safetensors, a torch.save zip, nor a legacy torch.save file.");
            }

            if (Next() is not ProtocolVersion)
            {
                throw new NotSupportedException($"'{path}' uses an unknown legacy torch.save protocol version.");
            }

            if (Next() is PickleDict info && info.TryGetValue("little_endian", out object? little) && little is false)
            {
                throw new NotSupportedException($"'{path}' was saved on a big-endian machine; only little-endian is supported.");
            }

            object? root = Next();
            var keys = Next() as List<object?> ?? throw new InvalidDataException($"'{path}' lacks the list of storage keys.");
            var data = IndexStorages(stream, keys, resolver.Storages, path);
            return new TorchLegacyFile(root, stream, data, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    protected override Tensor LoadStorage(TorchStorageRef storage, ScalarType dtype)
    {
        var (offset, count, stored) = data.TryGetValue(storage.Key, out var found)
            ? found
            : throw new InvalidDataException($"'{path}' lacks the data of storage '{storage.Key}'.");
        if (stored != dtype)
        {
            throw new InvalidDataException($"'{path}': storage '{storage.Key}' holds {stored}, not {dtype}.");
        }

        var tensor = empty(count, dtype);
        try
        {
            stream.Seek(offset, SeekOrigin.Begin);
            TensorBytes.ReadInto(stream, tensor);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stream.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Walks the data section once, noting where each storage's bytes start.</summary>
    private static Dictionary<string, (long, long, ScalarType)> IndexStorages(
        FileStream stream, List<object?> keys, IReadOnlyDictionary<string, TorchStorageRef> storages, string path)
    {
        var data = new Dictionary<string, (long, long, ScalarType)>(StringComparer.Ordinal);
        Span<byte> countBytes = stackalloc byte[8];
        foreach (string key in keys.OfType<string>())
        {
            if (!storages.TryGetValue(key, out var storage))
            {
                throw new InvalidDataException($"'{path}' stores data for '{key}', which no tensor refers to.");
            }

            stream.ReadExactly(countBytes);
            long count = BinaryPrimitives.ReadInt64LittleEndian(countBytes);
            long bytes = count * TorchStorageTypes.ElementSize(storage.DType);
            if (count < 0 || bytes > stream.Length - stream.Position)
            {
                throw new InvalidDataException($"'{path}' is truncated: storage '{key}' needs {bytes} bytes.");
            }

            data[key] = (stream.Position, count, storage.DType);
            stream.Seek(bytes, SeekOrigin.Current);
        }

        return data;
    }

    private static bool StartsWithMagic(FileStream stream, Func<object?> next)
    {
        // Legacy files open with a protocol-2 pickle of the magic number; anything else is some other file.
        if (stream.ReadByte() != 0x80)
        {
            return false;
        }

        stream.Seek(0, SeekOrigin.Begin);
        try
        {
            return next() is BigInteger magic && magic == MagicNumber;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool IsTar(FileStream stream)
    {
        Span<byte> magic = stackalloc byte[5];
        bool tar = stream.Length > 262 && stream.Seek(257, SeekOrigin.Begin) == 257
            && stream.ReadAtLeast(magic, 5, throwOnEndOfStream: false) == 5 && magic.SequenceEqual("ustar"u8);
        stream.Seek(0, SeekOrigin.Begin);
        return tar;
    }
}
