using static TorchSharp.torch;

namespace Magvit.Model.Tests.Quantization;

/// <summary>
/// SV's entropy loss written the dense way, over every one of the 2^K codes, as the oracle for the factorised code.
/// </summary>
internal static class DenseEntropy
{
    /// <summary>(2^K, K) ±1 codebook; row j is the code of id j, channel c carrying bit c.</summary>
    public static Tensor Codebook(int bits, ScalarType dtype)
    {
        var size = 1 << bits;
        var values = new double[size * bits];
        for (var id = 0; id < size; id++)
        {
            for (var c = 0; c < bits; c++)
            {
                values[(id * bits) + c] = ((id >> c) & 1) == 1 ? 1.0 : -1.0;
            }
        }

        return tensor(values).reshape(size, bits).to_type(dtype);
    }

    /// <summary>(N, K) latents → per-token code probabilities (N, 2^K) and SV's log-probabilities.</summary>
    public static (Tensor Probabilities, Tensor LogProbabilities) Distribution(Tensor rows, double temperature)
    {
        var logits = rows.mm(Codebook((int)rows.shape[1], rows.dtype).t()) * 2;
        var scaled = logits / temperature;
        return (scaled.softmax(-1), (scaled + 1e-5).log_softmax(-1));
    }

    public static Tensor SampleEntropy(Tensor rows, double temperature)
    {
        var (p, logP) = Distribution(rows, temperature);
        return (-(p * logP).sum(-1)).mean();
    }

    public static Tensor MeanProbabilities(Tensor rows, double temperature) => Distribution(rows, temperature).Probabilities.mean([0]);

    public static Tensor BatchEntropy(Tensor rows, double temperature)
    {
        var mean = MeanProbabilities(rows, temperature);
        return -(mean * (mean + 1e-5).log()).sum();
    }
}
