using System.Buffers.Binary;
using System.Text.Json;

namespace Magvit.Model.Weights;

/// <summary>
/// The parsed and validated header of a safetensors file: an 8-byte little-endian length N, then N bytes of JSON
/// (<c>{"__metadata__": {...}, "name": {"dtype", "shape", "data_offsets"}, ...}</c>), then the data section.
/// </summary>
internal sealed class SafeTensorsHeader
{
    public const string MetadataKey = "__metadata__";

    // The reference implementation refuses headers above 100 MB; so do we, before allocating.
    private const long MaxHeaderBytes = 100_000_000;

    private SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Entries = entries;
        Metadata = metadata;
        DataStart = dataStart;
    }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>File offset of the data section (8 + N).</summary>
    public long DataStart { get; }

    /// <summary>True when the first bytes look like a safetensors header (a plausible length, then '{').</summary>
    public static bool HasMagic(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[9];
        if (stream.Length < prefix.Length || stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length)
        {
            return false;
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        return prefix[8] == (byte)'{' && length <= (ulong)(stream.Length - 8);
    }

    public static SafeTensorsHeader Read(Stream stream, string path)
    {
        long fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8)
        {
            throw Invalid(path, "the file is shorter than the 8-byte header length");
        }

        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
        {
            throw Invalid(path, $"header length {headerLength} exceeds the file ({fileLength} bytes) or the 100 MB limit");
        }

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        long dataStart = 8 + (long)headerLength;
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, dataStart, fileLength - dataStart, path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has a malformed safetensors header: {e.Message}", e);
        }
    }

    private static SafeTensorsHeader Parse(JsonElement root, long dataStart, long dataLength, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "the header is not a JSON object");
        }

        var entries = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                throw Invalid(path, $"'{property.Name}' appears twice in the header");
            }

            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, metadata, path);
            }
            else
            {
                entries.Add(ReadEntry(property.Name, property.Value, dataLength, path));
            }
        }

        CheckNoOverlap(entries, path);
        return new SafeTensorsHeader(entries, metadata, dataStart);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "__metadata__ is not an object");
        }

        foreach (var item in value.EnumerateObject())
        {
            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                ? item.Value.GetString()!
                : throw Invalid(path, $"__metadata__ value '{item.Name}' is not a string");
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement value, long dataLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement)
            || !value.TryGetProperty("data_offsets", out var offsetsElement))
        {
            throw Invalid(path, $"tensor '{name}' needs string 'dtype', array 'shape' and array 'data_offsets'");
        }

        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorsDType.TryParse(dtypeName, out var dtype))
        {
            throw new NotSupportedException(
                $"'{path}': tensor '{name}' has dtype {dtypeName}; supported: {SafeTensorsDType.Supported}.");
        }

        long[] shape = ReadLongs(shapeElement, name, "shape", path);
        long[] offsets = ReadLongs(offsetsElement, name, "data_offsets", path);
        if (offsets.Length != 2)
        {
            throw Invalid(path, $"tensor '{name}' has {offsets.Length} data_offsets, expected [begin, end]");
        }

        long bytes;
        try
        {
            bytes = shape.Aggregate(SafeTensorsDType.ElementSize(dtype), (acc, d) => checked(acc * d));
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{name}' has an overflowing shape [{string.Join(", ", shape)}]");
        }

        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end || end > dataLength || end - begin != bytes)
        {
            throw Invalid(path,
                $"tensor '{name}' ({dtypeName} [{string.Join(", ", shape)}] = {bytes} bytes) has data_offsets [{begin}, {end}] "
                + $"that do not fit it or the {dataLength}-byte data section");
        }

        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] ReadLongs(JsonElement array, string name, string field, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, $"tensor '{name}': '{field}' is not an array");
        }

        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out long v) && v >= 0
                ? v
                : throw Invalid(path, $"tensor '{name}': '{field}' holds {item.GetRawText()}, not a non-negative integer");
        }

        return values;
    }

    private static void CheckNoOverlap(List<SafeTensorsEntry> entries, string path)
    {
        SafeTensorsEntry? previous = null;
        foreach (var entry in entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin))
        {
            if (previous is not null && entry.Begin < previous.End)
            {
                throw Invalid(path, $"tensors '{previous.Name}' and '{entry.Name}' overlap in the data section");
            }

            previous = entry;
        }
    }

    private static InvalidDataException Invalid(string path, string reason) =>
        new($"'{path}' is not a valid safetensors file: {reason}.");
}
