using Magvit.Model.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>
/// AdamW's per-parameter state (step count, first and second moments) as a safetensors file, in the optimiser's
/// parameter order. Loading copies into the live state tensors, so it works on any device (TorchSharp's own binary
/// format writes from CUDA but reads only into CPU tensors).
/// </summary>
public static class OptimizerStateFile
{
    /// <summary>Writes <paramref name="optimizer"/>'s state to <paramref name="path"/>.</summary>
    public static void Save(AdamW optimizer, string path)
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var states = States(optimizer);
        for (var i = 0; i < states.Count; i++)
        {
            tensors[$"{i:D5}.step"] = tensor(states[i].step);
            tensors[$"{i:D5}.exp_avg"] = states[i].exp_avg;
            tensors[$"{i:D5}.exp_avg_sq"] = states[i].exp_avg_sq;
        }

        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["format"] = "magvit-grpc-adamw", ["parameters"] = states.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Restores <paramref name="optimizer"/>'s state from <paramref name="path"/> (same parameters, same order).</summary>
    /// <exception cref="InvalidDataException">The file belongs to another set of parameters.</exception>
    public static void Load(AdamW optimizer, string path)
    {
        using var scope = NewDisposeScope();
        var tensors = SafeTensors.Read(path);
        var states = States(optimizer);
        if (tensors.Count != 3 * states.Count)
        {
            throw new InvalidDataException($"'{path}' holds the state of {tensors.Count / 3} parameters; the optimiser has {states.Count}.");
        }

        using var noGrad = no_grad();
        for (var i = 0; i < states.Count; i++)
        {
            var (average, square) = (tensors[$"{i:D5}.exp_avg"], tensors[$"{i:D5}.exp_avg_sq"]);
            if (!average.shape.SequenceEqual(states[i].exp_avg.shape))
            {
                throw new InvalidDataException($"'{path}': parameter {i} has shape [{string.Join(", ", average.shape)}], expected [{string.Join(", ", states[i].exp_avg.shape)}].");
            }

            states[i].step = tensors[$"{i:D5}.step"].item<long>();
            states[i].exp_avg.copy_(average);
            states[i].exp_avg_sq.copy_(square);
        }
    }

    private static List<AdamW.State> States(AdamW optimizer)
        => optimizer.state_dict().State.Select(s => s as AdamW.State ?? throw new InvalidOperationException("Not an AdamW state.")).ToList();
}
