using Magvit.Model.Generation.Masked;
using Magvit.Model.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Masked;

/// <summary>Tiny masked models and hooks that observe what the model is fed.</summary>
internal static class MaskedTestSupport
{
    /// <summary>The "tiny" preset: 3 frames of 4×4 tokens, [3, 3]-bit ids (8 + 8 sub-tokens, 64 full ids), 4 classes.</summary>
    public static MaskedTransformerConfig TinyConfig => MaskedPresets.Get(MaskedPresets.Tiny);

    /// <summary>A tiny model in eval mode; <paramref name="sharpen"/> gives it confident, seed-dependent predictions.</summary>
    public static MaskedTokenTransformer Model(int seed = 0, MaskedTransformerConfig? config = null, bool sharpen = true)
    {
        TorchRuntime.Initialize();
        manual_seed(seed);
        var model = new MaskedTokenTransformer(config ?? TinyConfig);
        model.eval();
        if (sharpen)
        {
            Sharpen(model, seed);
        }

        return model;
    }

    /// <summary>Deterministic full ids in [0, 64) for <paramref name="count"/> positions.</summary>
    public static long[] Ids(int count, int seed) => [.. Enumerable.Range(0, count).Select(i => (long)(((i * 37) + (seed * 11) + 5) % 64))];

    /// <summary>The sub-module registered as <paramref name="name"/> (a state-dict prefix such as "tok_emb.0").</summary>
    public static nn.Module<Tensor, Tensor> Child(MaskedTokenTransformer model, string name)
        => (nn.Module<Tensor, Tensor>)model.named_modules().Single(m => m.name == name).module;

    /// <summary>
    /// Records each forward pass through the class embedding (one per transformer pass): its class ids, so the
    /// batch size too; <paramref name="onPass"/> runs after recording with the number of passes so far.
    /// </summary>
    public static (List<long[]> Classes, IDisposable Hook) RecordPasses(MaskedTokenTransformer model, Action<int>? onPass = null)
    {
        var classes = new List<long[]>();
        var remover = Child(model, "class_emb").register_forward_pre_hook((_, input) =>
        {
            classes.Add(input.cpu().data<long>().ToArray());
            onPass?.Invoke(classes.Count);
            return input;
        });
        return (classes, new Removal(remover.remove));
    }

    /// <summary>Records the part-0 sub-token ids the model embeds per pass, (rows, L) flattened row-major; [MASK] = 8.</summary>
    public static (List<(long[] Ids, long[] Shape)> Inputs, IDisposable Hook) RecordPartZero(MaskedTokenTransformer model)
    {
        var inputs = new List<(long[] Ids, long[] Shape)>();
        var remover = Child(model, "tok_emb.0").register_forward_pre_hook((_, input) =>
        {
            inputs.Add((input.cpu().data<long>().ToArray(), input.shape));
            return input;
        });
        return (inputs, new Removal(remover.remove));
    }

    /// <summary>Removes a hook when disposed.</summary>
    public sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    /// <summary>Initial logits are nearly uniform; larger head weights make random models prefer some tokens.</summary>
    private static void Sharpen(MaskedTokenTransformer model, int seed)
    {
        var generator = new Generator((ulong)seed + 1);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.StartsWith("heads.", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal))
            {
                parameter.copy_(randn(parameter.shape, generator: generator));
            }
        }
    }
}
