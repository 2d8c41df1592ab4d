using Magvit.Model.Weights.Pickle;
using static TorchSharp.torch;

namespace Magvit.Model.Weights;

/// <summary>
/// Reads a state dict from a checkpoint file: safetensors, a <c>torch.save</c>d state dict (zip or legacy format), or a
/// PyTorch Lightning <c>.ckpt</c> (tensors under "state_dict"). Pickles are read without running or importing
/// anything; instances of unknown Python classes (hyper-parameters, callbacks) become inert placeholders.
/// </summary>
public static class CheckpointReader
{
    /// <summary>
    /// The file's tensors as contiguous CPU tensors, in file order. With <paramref name="useEma"/>, each key p takes
    /// its value from the EMA copy "model_ema." + p-without-dots when present, and the EMA entries are left out;
    /// files without an EMA copy are then an error.
    /// </summary>
    public static Dictionary<string, Tensor> ReadStateDict(string path, bool useEma = false)
    {
        if (IsSafeTensors(path))
        {
            var names = SafeTensors.ReadNames(path);
            var plan = useEma ? EmaWeights.Plan(names, path) : [.. names.Select(n => (n, n))];
            var sources = plan.Select(p => p.Source).ToHashSet(StringComparer.Ordinal);
            var loaded = SafeTensors.Read(path, sources.Contains);
            return plan.ToDictionary(p => p.Target, p => loaded[p.Source], StringComparer.Ordinal);
        }

        using var file = TorchCheckpointFile.Open(path);
        var entries = StateDictLocator.Find(file.Root, path);
        var refs = entries.ToDictionary(e => e.Key, e => e.Tensor, StringComparer.Ordinal);
        var keys = entries.Select(e => e.Key).ToList();
        var order = useEma ? EmaWeights.Plan(keys, path) : [.. keys.Select(k => (k, k))];

        using var scope = NewDisposeScope();
        var tensors = file.MaterializeAll([.. order.Select(p => refs[p.Source])]);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < order.Count; i++)
        {
            result.Add(order[i].Target, tensors[i].MoveToOuterDisposeScope());
        }

        return result;
    }

    /// <summary>
    /// For diagnostics: the top-level keys of a pickled checkpoint (e.g. epoch, state_dict, hyper_parameters), or the
    /// tensor names of a safetensors file. Reads no tensor data.
    /// </summary>
    public static IReadOnlyList<string> TopLevelKeys(string path)
    {
        if (IsSafeTensors(path))
        {
            return SafeTensors.ReadNames(path);
        }

        using var file = TorchCheckpointFile.Open(path);
        return StateDictLocator.TopLevelKeys(file.Root);
    }

    private static bool IsSafeTensors(string path) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || SafeTensors.IsSafeTensors(path);
}
