using System.Globalization;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// Gives meaning to the torch parts of a torch.save pickle: persistent ids become <see cref="TorchStorageRef"/>s and
/// the tensor-rebuilding functions become <see cref="TorchTensorRef"/>s. Everything else is a builtin container or
/// an inert <see cref="PythonObject"/>.
/// </summary>
internal sealed class TorchPickleResolver : IPickleResolver
{
    private readonly Dictionary<string, TorchStorageRef> storages = new(StringComparer.Ordinal);

    /// <summary>Root storages met so far, by archive key.</summary>
    public IReadOnlyDictionary<string, TorchStorageRef> Storages => storages;

    public object? Call(PythonGlobal callable, object?[] args)
    {
        switch (callable.Module, callable.Name)
        {
            case ("torch._utils", "_rebuild_tensor" or "_rebuild_tensor_v2"):
                return RebuildTensor(args, dtype: null);
            case ("torch._utils", "_rebuild_tensor_v3"):
                return RebuildTensor(args, TorchStorageTypes.FromDType(Arg(args, 6)));
            case ("torch._utils", "_rebuild_parameter" or "_rebuild_parameter_with_state"):
                // A Parameter is its data tensor plus autograd flags a state dict does not need.
                return Arg(args, 0);
            case ("torch._tensor", "_rebuild_from_type" or "_rebuild_from_type_v2")
                when Arg(args, 0) is PythonGlobal function && Arg(args, 2) is object?[] functionArgs:
                // Tensor subclasses: rebuild the plain tensor and drop the Python subclass.
                return Call(function, functionArgs);
            default:
                return PythonBuiltins.TryCall(callable, args, out object? result) ? result : new PythonObject(callable, args);
        }
    }

    /// <summary>
    /// torch.save ids are ('storage', storage_type, key, location, numel) and, in legacy files, a sixth item
    /// (view_key, offset, size) when the storage is a view of another.
    /// </summary>
    public object? PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: >= 5 } id || id[0] is not "storage"
            || id[1] is not PythonGlobal storageType || id[2] is not string key)
        {
            throw new InvalidDataException($"Unsupported persistent id {Describe(pid)}; torch.save writes ('storage', type, key, location, numel).");
        }

        var dtype = TorchStorageTypes.FromStorage(storageType);
        string location = id[3] as string ?? "cpu";
        var root = new TorchStorageRef(key, dtype, ToLong(id[4], "numel"), location);
        if (!storages.TryAdd(key, root) && storages[key].DType != dtype)
        {
            throw new InvalidDataException($"Storage '{key}' is named with two element types ({storages[key].DType}, {dtype}).");
        }

        if (id.Length > 5 && id[5] is object?[] { Length: 3 } view)
        {
            return new TorchStorageRef(key, dtype, ToLong(view[2], "view size"), location, ToLong(view[1], "view offset"));
        }

        return root;
    }

    private static TorchTensorRef RebuildTensor(object?[] args, TorchSharp.torch.ScalarType? dtype)
    {
        if (Arg(args, 0) is not TorchStorageRef storage)
        {
            throw new InvalidDataException($"A tensor is rebuilt from {Describe(Arg(args, 0))} instead of a storage.");
        }

        long[] size = ToLongs(Arg(args, 2), "size");
        long[] stride = ToLongs(Arg(args, 3), "stride");
        if (size.Length != stride.Length)
        {
            throw new InvalidDataException($"A tensor has size [{string.Join(", ", size)}] but stride [{string.Join(", ", stride)}].");
        }

        return new TorchTensorRef(storage, ToLong(Arg(args, 1), "storage offset"), size, stride, dtype ?? storage.DType);
    }

    private static object? Arg(object?[] args, int index) => index < args.Length ? args[index] : null;

    private static long ToLong(object? value, string what) => value is long l
        ? l
        : throw new InvalidDataException($"Tensor {what} is {Describe(value)}, not an integer.");

    private static long[] ToLongs(object? value, string what) => value is object?[] items
        ? [.. items.Select(i => ToLong(i, what))]
        : throw new InvalidDataException($"Tensor {what} is {Describe(value)}, not a tuple of integers.");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        object?[] tuple => "(" + string.Join(", ", tuple.Select(Describe)) + ")",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };
}
