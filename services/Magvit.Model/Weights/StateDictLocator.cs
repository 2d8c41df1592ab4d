using System.Globalization;
using Magvit.Model.Weights.Pickle;

namespace Magvit.Model.Weights;

/// <summary>Finds the state dict inside an unpickled checkpoint: a Lightning "state_dict", a common wrapper, or the root.</summary>
internal static class StateDictLocator
{
    // Lightning first; then the wrappers other training scripts use around a plain state dict.
    private static readonly string[] Wrappers = ["state_dict", "model_state_dict", "model", "module"];

    public static List<(string Key, TorchTensorRef Tensor)> Find(object? root, string path)
    {
        if (root is not PickleDict dict)
        {
            throw new InvalidDataException($"'{path}' holds a {Describe(root)}, not a dict with a state dict.");
        }

        foreach (string wrapper in Wrappers)
        {
            if (dict.TryGetValue(wrapper, out object? inner) && inner is PickleDict candidate && HasTensors(candidate))
            {
                return Collect(candidate, path);
            }
        }

        return HasTensors(dict)
            ? Collect(dict, path)
            : throw new InvalidDataException(
                $"'{path}' holds no state dict: no tensors at the top level or under {string.Join("/", Wrappers)}; "
                + $"top-level keys are [{string.Join(", ", TopLevelKeys(root))}].");
    }

    public static IReadOnlyList<string> TopLevelKeys(object? root) =>
        root is PickleDict dict ? [.. dict.Keys.Select(KeyText)] : [];

    private static bool HasTensors(PickleDict dict) => dict.Any(p => p.Value is TorchTensorRef);

    private static List<(string, TorchTensorRef)> Collect(PickleDict dict, string path)
    {
        var entries = new List<(string, TorchTensorRef)>();
        foreach (var (key, value) in dict)
        {
            string name = KeyText(key);
            switch (value)
            {
                case TorchTensorRef tensor:
                    entries.Add((name, tensor));
                    break;
                case PythonObject { Type.Module: var module } other when module.StartsWith("torch", StringComparison.Ordinal):
                    throw new NotSupportedException($"'{path}': state-dict entry '{name}' is built by {other.Type}, which is not supported.");
                default:
                    // Non-tensor extras (ints, None, _extra_state objects) are not weights.
                    break;
            }
        }

        return entries;
    }

    private static string KeyText(object? key) => key switch
    {
        null => "None",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };

    private static string Describe(object? value) => value?.ToString() ?? "None";
}
