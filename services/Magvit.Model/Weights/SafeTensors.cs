using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using Magvit.Model.IO;
using static TorchSharp.torch;

namespace Magvit.Model.Weights;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors): F64, F32, F16, BF16, I64,
/// I32, I16, I8, U8 and BOOL tensors. Tensors come back as contiguous CPU tensors in header order.
/// </summary>
public static class SafeTensors
{
    /// <summary>Reads every tensor of the file.</summary>
    public static Dictionary<string, Tensor> Read(string path) => Read(path, include: null);

    /// <summary>Reads the string-to-string <c>__metadata__</c> map (empty when the file has none).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        return SafeTensorsHeader.Read(stream, path).Metadata;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> sorted by name (ordinal), so equal inputs give identical files. The header is
    /// padded with spaces so the data section starts 8-byte aligned. The file is written beside and then moved into
    /// place, so a failed write never leaves a truncated file under <paramref name="path"/>.
    /// </summary>
    public static void Write(
        string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        byte[] header = BuildHeader(names, tensors, metadata);
        string temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = File.Create(temporary))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (string name in names)
                {
                    TensorBytes.WriteTo(tensors[name], stream);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads the tensors whose names pass <paramref name="include"/> (all when null).</summary>
    internal static Dictionary<string, Tensor> Read(string path, Func<string, bool>? include)
    {
        using var stream = File.OpenRead(path);
        var header = SafeTensorsHeader.Read(stream, path);
        using var scope = NewDisposeScope();
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in header.Entries)
        {
            if (include is not null && !include(entry.Name))
            {
                continue;
            }

            var tensor = empty(entry.Shape, entry.DType);
            stream.Seek(header.DataStart + entry.Begin, SeekOrigin.Begin);
            TensorBytes.ReadInto(stream, tensor);
            result.Add(entry.Name, tensor);
        }

        foreach (var tensor in result.Values)
        {
            tensor.MoveToOuterDisposeScope();
        }

        return result;
    }

    /// <summary>Names of the tensors in header order, without reading any data.</summary>
    internal static IReadOnlyList<string> ReadNames(string path)
    {
        using var stream = File.OpenRead(path);
        return [.. SafeTensorsHeader.Read(stream, path).Entries.Select(e => e.Name)];
    }

    /// <summary>True when the file starts like a safetensors file (checked on content, not on the extension).</summary>
    internal static bool IsSafeTensors(string path)
    {
        using var stream = File.OpenRead(path);
        return SafeTensorsHeader.HasMagic(stream);
    }

    private static byte[] BuildHeader(
        List<string> names, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (string name in names)
            {
                if (name.Length == 0 || name == SafeTensorsHeader.MetadataKey)
                {
                    throw new ArgumentException($"'{name}' cannot name a tensor in safetensors.", nameof(tensors));
                }

                var tensor = tensors[name];
                long bytes = TensorBytes.ByteSize(tensor);
                json.WriteStartObject(name);
                json.WriteString("dtype", SafeTensorsDType.Format(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (long d in tensor.shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        // Pad with spaces (valid JSON whitespace) so 8 + header length is a multiple of 8.
        int padding = (int)((8 - (buffer.Length % 8)) % 8);
        for (int i = 0; i < padding; i++)
        {
            buffer.WriteByte((byte)' ');
        }

        return buffer.ToArray();
    }
}
