using static TorchSharp.torch;

namespace Magvit.Model.Weights.Pickle;

/// <summary>Element types of torch storage classes (torch.FloatStorage, ...) and dtype globals (torch.float32, ...).</summary>
internal static class TorchStorageTypes
{
    private static readonly Dictionary<string, ScalarType> Storages = new(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = ScalarType.Float64,
        ["FloatStorage"] = ScalarType.Float32,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
        ["ComplexFloatStorage"] = ScalarType.ComplexFloat32,
        ["ComplexDoubleStorage"] = ScalarType.ComplexFloat64,

        // Untyped storages count bytes; _rebuild_tensor_v3 then names the tensor's dtype.
        ["UntypedStorage"] = ScalarType.Byte,
    };

    private static readonly Dictionary<string, ScalarType> DTypes = new(StringComparer.Ordinal)
    {
        ["float64"] = ScalarType.Float64,
        ["double"] = ScalarType.Float64,
        ["float32"] = ScalarType.Float32,
        ["float"] = ScalarType.Float32,
        ["float16"] = ScalarType.Float16,
        ["half"] = ScalarType.Float16,
        ["bfloat16"] = ScalarType.BFloat16,
        ["int64"] = ScalarType.Int64,
        ["long"] = ScalarType.Int64,
        ["int32"] = ScalarType.Int32,
        ["int"] = ScalarType.Int32,
        ["int16"] = ScalarType.Int16,
        ["short"] = ScalarType.Int16,
        ["int8"] = ScalarType.Int8,
        ["uint8"] = ScalarType.Byte,
        ["bool"] = ScalarType.Bool,
        ["complex64"] = ScalarType.ComplexFloat32,
        ["complex128"] = ScalarType.ComplexFloat64,
    };

    /// <summary>The storage class's element type (module torch or torch.cuda), or a clear error.</summary>
    public static ScalarType FromStorage(PythonGlobal storageType) =>
        Storages.TryGetValue(storageType.Name, out var type)
            ? type
            : throw new NotSupportedException(
                $"Storage type {storageType} is not supported (supported: {string.Join(", ", Storages.Keys)}).");

    public static ScalarType FromDType(object? dtype) =>
        dtype is PythonGlobal { Module: "torch" } g && DTypes.TryGetValue(g.Name, out var type)
            ? type
            : throw new NotSupportedException($"Tensor dtype {dtype} is not supported.");

    public static long ElementSize(ScalarType type) => type switch
    {
        ScalarType.ComplexFloat64 => 16,
        ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        _ => throw new NotSupportedException($"Element type {type} is not supported."),
    };
}
