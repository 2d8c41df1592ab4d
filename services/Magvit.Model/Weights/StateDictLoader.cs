using static TorchSharp.torch;

namespace Magvit.Model.Weights;

/// <summary>Strict state-dict loading (PyTorch's <c>load_state_dict(strict=True)</c>, with a complete report).</summary>
public static class StateDictLoader
{
    /// <summary>
    /// Loads the entries of <paramref name="tensors"/> under <paramref name="prefix"/> (prefix stripped; null takes
    /// all) into <paramref name="module"/>'s parameters and persistent buffers. Nothing is copied unless the key sets
    /// and every shape match exactly; otherwise a <see cref="WeightLoadException"/> lists all differences. Values are
    /// converted to each target's dtype and device.
    /// </summary>
    public static void LoadStrict(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, string? prefix = null)
    {
        var source = prefix is null ? tensors : WithPrefix(tensors, prefix);
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
        var mismatched = target
            .Where(p => source.TryGetValue(p.Key, out var value) && !p.Value.shape.SequenceEqual(value.shape))
            .Select(p => $"{p.Key}: expected {Shape(p.Value)}, got {Shape(source[p.Key])}")
            .ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || mismatched.Count > 0)
        {
            throw new WeightLoadException(prefix, missing, unexpected, mismatched);
        }

        using var noGrad = no_grad();
        foreach (var (key, destination) in target)
        {
            destination.copy_(source[key]);
        }
    }

    /// <summary>The entries whose key starts with <paramref name="prefix"/> (e.g. "encoder."), with the prefix removed.</summary>
    public static IReadOnlyDictionary<string, Tensor> WithPrefix(IReadOnlyDictionary<string, Tensor> tensors, string prefix)
    {
        var selected = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in tensors)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                selected.Add(key[prefix.Length..], value);
            }
        }

        return selected;
    }

    /// <summary>
    /// The module's parameters and persistent buffers keyed <paramref name="prefix"/> + name, as detached tensors that
    /// share the module's memory (disposing them leaves the module intact). The reverse of <see cref="LoadStrict"/>.
    /// </summary>
    public static Dictionary<string, Tensor> StateDict(nn.Module module, string prefix)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in module.state_dict())
        {
            result.Add(prefix + key, value.detach());
        }

        return result;
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
