using static TorchSharp.torch;

namespace Magvit.Model.Weights;

/// <summary>The safetensors dtype names ("F32", "BF16", "BOOL") and their tensor element types.</summary>
internal static class SafeTensorsDType
{
    private static readonly (string Name, ScalarType Type)[] Table =
    [
        ("F64", ScalarType.Float64),
        ("F32", ScalarType.Float32),
        ("F16", ScalarType.Float16),
        ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64),
        ("I32", ScalarType.Int32),
        ("I16", ScalarType.Int16),
        ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte),
        ("BOOL", ScalarType.Bool),
    ];

    public static string Supported => string.Join(", ", Table.Select(e => e.Name));

    public static bool TryParse(string name, out ScalarType type)
    {
        foreach (var (n, t) in Table)
        {
            if (n == name)
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static string Format(ScalarType type)
    {
        foreach (var (n, t) in Table)
        {
            if (t == type)
            {
                return n;
            }
        }

        throw new NotSupportedException($"Tensors of type {type} cannot be stored in safetensors (supported: {Supported}).");
    }

    public static long ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
