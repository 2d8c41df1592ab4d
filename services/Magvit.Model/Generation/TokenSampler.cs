using static TorchSharp.torch;

namespace Magvit.Model.Generation;

/// <summary>
/// Draws sub-tokens from logits: guidance, then temperature, then top-k and top-p filtering, then a multinomial
/// draw from the caller's seeded generator (or argmax when greedy) — the order of Open-MAGVIT2's sampler.
/// </summary>
public static class TokenSampler
{
    /// <summary>
    /// Guided logits <c>uncond + s·(cond − uncond)</c> (N, V) from a (2N, V) batch whose first N rows are conditional
    /// and last N unconditional (Open-MAGVIT2's formula, applied before temperature).
    /// </summary>
    public static Tensor Guide(Tensor logits, double scale)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.shape[0] % 2 != 0)
        {
            throw new ArgumentException($"Guidance needs conditional and unconditional halves, got {logits.shape[0]} rows.", nameof(logits));
        }

        var half = logits.shape[0] / 2;
        using var cond = logits.narrow(0, 0, half);
        using var uncond = logits.narrow(0, half, half);
        using var difference = cond - uncond;
        return uncond + difference * scale; // (N, V)
    }

    /// <summary>Filtered, temperature-scaled logits (N, V): removed entries are −∞.</summary>
    public static Tensor Filter(Tensor logits, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(options);
        var scaled = logits / options.Temperature;
        var vocabulary = scaled.shape[^1];
        if (options.TopK > 0 && options.TopK < vocabulary)
        {
            using var kth = scaled.topk(options.TopK, dim: -1).values.narrow(-1, options.TopK - 1, 1); // (N, 1)
            using var below = scaled.lt(kth);
            scaled.masked_fill_(below, float.NegativeInfinity);
        }

        if (options.TopP < 1.0)
        {
            // Drop the tail of the sorted distribution once the mass before an entry has reached p (the top entry is always kept).
            var (sorted, order) = scaled.sort(dim: -1, descending: true);
            using (sorted)
            using (order)
            using (var probabilities = sorted.softmax(-1))
            using (var cumulative = probabilities.cumsum(-1))
            using (var before = cumulative - probabilities)
            using (var removeSorted = before.gt(options.TopP))
            using (var remove = removeSorted.scatter(-1, order, removeSorted))
            {
                scaled.masked_fill_(remove, float.NegativeInfinity);
            }
        }

        return scaled;
    }

    /// <summary>Sub-token ids (N) drawn from <paramref name="logits"/> (N, V).</summary>
    public static Tensor Sample(Tensor logits, SamplingOptions options, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Greedy)
        {
            using var scaled = logits / options.Temperature;
            return scaled.argmax(-1); // (N)
        }

        using var filtered = Filter(logits, options);
        using var probabilities = filtered.softmax(-1);
        using var drawn = multinomial(probabilities, 1, replacement: false, generator: generator); // (N, 1)
        return drawn.squeeze(-1);
    }

    /// <summary>A CPU generator seeded for one request.</summary>
    public static Generator SeededGenerator(long seed) => new Generator(unchecked((ulong)seed));

    /// <summary>
    /// A generator seeded for one request on <paramref name="device"/> (a multinomial draw needs one on the logits'
    /// device); the same seed gives the same draws on the same kind of device.
    /// </summary>
    public static Generator SeededGenerator(long seed, Device device)
        => device.type == TorchSharp.DeviceType.CPU ? SeededGenerator(seed) : new Generator(unchecked((ulong)seed), device);
}
