using static TorchSharp.torch;

namespace Magvit.Training.Metrics;

/// <summary>
/// Token counts over a validation pass: distinct codes, usage (distinct / codebook size) and perplexity
/// exp(−Σ p log p) of the empirical code distribution (1 = one code for everything; at most the token count).
/// </summary>
public sealed class CodebookStatistics(long codebookSize)
{
    private readonly Dictionary<long, long> counts = [];

    /// <summary>Tokens counted.</summary>
    public long Tokens { get; private set; }

    /// <summary>Codes seen at least once.</summary>
    public int DistinctCodes => counts.Count;

    /// <summary>Distinct codes ÷ codebook size.</summary>
    public double Usage => (double)counts.Count / codebookSize;

    /// <summary>exp of the entropy (nats) of the code frequencies; 0 before any token.</summary>
    public double Perplexity
    {
        get
        {
            if (Tokens == 0)
            {
                return 0;
            }

            var entropy = counts.Values.Sum(c => -((double)c / Tokens) * Math.Log((double)c / Tokens));
            return Math.Exp(entropy);
        }
    }

    /// <summary>Counts the ids in <paramref name="ids"/> (any shape, integer).</summary>
    public void Add(Tensor ids)
    {
        using var scope = NewDisposeScope();
        foreach (var id in ids.reshape(-1).to_type(ScalarType.Int64).cpu().data<long>())
        {
            counts[id] = counts.GetValueOrDefault(id) + 1;
            Tokens++;
        }
    }
}
