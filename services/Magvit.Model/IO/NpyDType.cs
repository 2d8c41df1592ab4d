using static TorchSharp.torch;

namespace Magvit.Model.IO;

/// <summary>Maps NumPy type strings ("&lt;f4", "|b1") to tensor element types and back.</summary>
internal static class NpyDType
{
    // Kind + size without the byte-order character, as NumPy writes them.
    private static readonly (string Code, ScalarType Type)[] Table =
    [
        ("f4", ScalarType.Float32),
        ("f8", ScalarType.Float64),
        ("f2", ScalarType.Float16),
        ("i8", ScalarType.Int64),
        ("i4", ScalarType.Int32),
        ("i2", ScalarType.Int16),
        ("i1", ScalarType.Int8),
        ("u1", ScalarType.Byte),
        ("b1", ScalarType.Bool),
    ];

    public static ScalarType Parse(string descr)
    {
        if (descr.Length < 2)
        {
            throw Unsupported(descr);
        }

        char order = descr[0];
        string code = order is '<' or '>' or '=' or '|' ? descr[1..] : descr;
        bool singleByte = code.EndsWith('1');
        if (order == '>' && !singleByte)
        {
            throw new NotSupportedException($"Big-endian .npy data ('{descr}') is not supported; save it little-endian.");
        }

        foreach (var (c, type) in Table)
        {
            if (c == code)
            {
                return type;
            }
        }

        throw Unsupported(descr);
    }

    public static string Format(ScalarType type)
    {
        foreach (var (code, t) in Table)
        {
            if (t == type)
            {
                return (code.EndsWith('1') ? "|" : "<") + code;
            }
        }

        throw new NotSupportedException($"Tensors of type {type} cannot be written as .npy.");
    }

    private static NotSupportedException Unsupported(string descr) =>
        new($"Unsupported .npy dtype '{descr}'. Supported: <f4 <f8 <f2 <i8 <i4 <i2 |i1 |u1 |b1 (little-endian).");
}
