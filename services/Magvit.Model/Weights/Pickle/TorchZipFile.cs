using System.IO.Compression;
using Magvit.Model.IO;
using static TorchSharp.torch;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// The zip format torch.save writes since PyTorch 1.6: <c>&lt;name&gt;/data.pkl</c> (the pickle) and one
/// <c>&lt;name&gt;/data/&lt;key&gt;</c> entry of raw little-endian bytes per storage.
/// </summary>
internal sealed class TorchZipFile : TorchCheckpointFile
{
    private const string PickleName = "data.pkl";
    private readonly ZipArchive archive;
    private readonly string prefix;
    private readonly string path;

    private TorchZipFile(object? root, ZipArchive archive, string prefix, string path)
        : base(root)
    {
        this.archive = archive;
        this.prefix = prefix;
        this.path = path;
    }

    public static new TorchZipFile Open(string path)
    {
        var archive = new ZipArchive(File.OpenRead(path), ZipArchiveMode.Read, leaveOpen: false);
        try
        {
            // One top-level folder (named after the file when saved) holds everything.
            var pickle = archive.Entries
                .Where(e => e.FullName.EndsWith("/" + PickleName, StringComparison.Ordinal) || e.FullName == PickleName)
                .OrderBy(e => e.FullName.Count(c => c == '/'))
                .FirstOrDefault()
                ?? throw new InvalidDataException($"'{path}' is a zip file without a data.pkl: not a torch.save checkpoint.");
            string prefix = pickle.FullName[..^PickleName.Length];
            CheckByteOrder(archive, prefix, path);

            using var buffer = new MemoryStream();
            using (var stream = pickle.Open())
            {
                stream.CopyTo(buffer);
            }

            buffer.Position = 0;
            object? root = new PickleMachine(buffer, new TorchPickleResolver()).Load();
            return new TorchZipFile(root, archive, prefix, path);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    protected override Tensor LoadStorage(TorchStorageRef storage, ScalarType dtype)
    {
        var entry = archive.GetEntry(prefix + "data/" + storage.Key)
            ?? throw new InvalidDataException($"'{path}' lacks the data of storage '{storage.Key}'.");
        long elementSize = TorchStorageTypes.ElementSize(dtype);
        long declared = storage.ElementCount * TorchStorageTypes.ElementSize(storage.DType);
        if (entry.Length % elementSize != 0 || entry.Length < declared)
        {
            throw new InvalidDataException(
                $"'{path}': storage '{storage.Key}' has {entry.Length} bytes; expected {declared} ({storage.ElementCount} × {storage.DType}).");
        }

        var tensor = empty(entry.Length / elementSize, dtype);
        try
        {
            using var stream = entry.Open();
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
            archive.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void CheckByteOrder(ZipArchive archive, string prefix, string path)
    {
        // Newer PyTorch records the writer's byte order; files without the entry were written little-endian.
        var entry = archive.GetEntry(prefix + "byteorder");
        if (entry is null)
        {
            return;
        }

        using var reader = new StreamReader(entry.Open());
        string order = reader.ReadToEnd().Trim();
        if (order != "little")
        {
            throw new NotSupportedException($"'{path}' was saved with {order}-endian storages; only little-endian is supported.");
        }
    }
}
