using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>
/// The EMA copy of a module's weights (LitEma): after each optimiser step, shadow ← d·shadow + (1 − d)·weight with
/// d = min(decay, (1 + n)/(10 + n)) after n updates when warming up, else d = decay. Buffers are copied as they are.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> shadow;
    private readonly HashSet<string> parameterNames;

    /// <summary>An EMA starting from <paramref name="module"/>'s current weights.</summary>
    public ExponentialMovingAverage(nn.Module module, double decay, bool warmup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(decay, 1);
        (Decay, Warmup) = (decay, warmup);
        parameterNames = module.named_parameters().Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        using var noGrad = no_grad();
        shadow = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone(), StringComparer.Ordinal);
    }

    /// <summary>The decay at full strength.</summary>
    public double Decay { get; }

    /// <summary>Whether the decay ramps up with the update count.</summary>
    public bool Warmup { get; }

    /// <summary>Updates so far (saved with a checkpoint).</summary>
    public long Updates { get; set; }

    /// <summary>The EMA tensors, keyed like the module's state dict.</summary>
    public IReadOnlyDictionary<string, Tensor> State => shadow;

    /// <summary>The decay used by update number <paramref name="updates"/> (0-based).</summary>
    public double DecayAt(long updates) => Warmup ? Math.Min(Decay, (1.0 + updates) / (10.0 + updates)) : Decay;

    /// <summary>Moves the shadow towards <paramref name="module"/>'s weights.</summary>
    public void Update(nn.Module module)
    {
        var weight = 1 - DecayAt(Updates);
        using var noGrad = no_grad();
        foreach (var (name, value) in module.state_dict())
        {
            var target = shadow[name];
            if (parameterNames.Contains(name) && target.is_floating_point())
            {
                target.mul_(1 - weight).add_(value, alpha: weight);
            }
            else
            {
                target.copy_(value);
            }
        }

        Updates++;
    }

    /// <summary>Replaces the shadow with <paramref name="state"/> (same keys and shapes).</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in shadow)
        {
            if (!state.TryGetValue(name, out var value) || !value.shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException($"The EMA state lacks '{name}' or has another shape.");
            }

            target.copy_(value);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in shadow.Values)
        {
            tensor.Dispose();
        }
    }
}
