namespace Magvit.Model.Weights;

/// <summary>
/// Open-MAGVIT2's LitEma copy: parameter p is stored as "model_ema." + p with every '.' removed
/// (encoder.down.0.block.0.conv1.weight ← model_ema.encoderdown0block0conv1weight), beside "model_ema.decay" and
/// "model_ema.num_updates". Buffers have no EMA copy and keep their raw values.
/// </summary>
internal static class EmaWeights
{
    public const string Prefix = "model_ema.";
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "model_ema.decay", "model_ema.num_updates" };

    /// <summary>
    /// For each non-EMA key (in file order), the key to read its value from: its EMA copy when there is one, else itself.
    /// EMA entries themselves are dropped.
    /// </summary>
    public static List<(string Target, string Source)> Plan(IReadOnlyList<string> keys, string path)
    {
        var ema = keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal) && !Bookkeeping.Contains(k))
            .ToHashSet(StringComparer.Ordinal);
        if (ema.Count == 0)
        {
            throw new InvalidDataException(
                $"EMA weights were requested, but '{path}' holds no EMA copy (no '{Prefix}*' tensors besides decay and num_updates).");
        }

        var plan = new List<(string, string)>();
        var claimedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in keys.Where(k => !k.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            string emaKey = Prefix + key.Replace(".", string.Empty, StringComparison.Ordinal);
            if (!ema.Contains(emaKey))
            {
                plan.Add((key, key));
                continue;
            }

            if (!claimedBy.TryAdd(emaKey, key))
            {
                throw new InvalidDataException(
                    $"'{path}': '{claimedBy[emaKey]}' and '{key}' both map to the EMA entry '{emaKey}'; the mapping is ambiguous.");
            }

            plan.Add((key, emaKey));
        }

        if (claimedBy.Count == 0)
        {
            throw new InvalidDataException(
                $"'{path}' has {ema.Count} '{Prefix}*' tensors, but none matches a state-dict key ('{Prefix}' + key without dots).");
        }

        return plan;
    }
}
