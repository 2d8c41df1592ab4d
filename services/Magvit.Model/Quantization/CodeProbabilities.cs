using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>
/// The mean over tokens of p = softmax(2⟨z, c⟩/τ) over all 2^K codes, without the dense (tokens × 2^K) logits.
/// </summary>
/// <remarks>
/// The logits are linear in independent ±1 bits, so p factorises per bit: p(c) = Π_k p_k(c_k) with
/// p_k(+1) = σ(4·z_k/τ). Split the bits into a low half (⌈K/2⌉ bits) and a high half; then p(c) = p_low·p_high and
/// the token mean is one matrix product per chunk: p̄[high, low] = Σ_t p_high[t, high]·p_low[t, low] / N.
/// Memory per chunk of n tokens is O(n·(2^⌈K/2⌉ + 2^⌊K/2⌋)) plus the 2^K accumulator (K = 18, n = 1024: about
/// 4 MB per half and 1 MB for p̄), against N·2^K for the dense form (2 GB at N = 2048). Under autograd each chunk
/// keeps its two half tables for the backward pass, O(N·2^⌈K/2⌉) in all.
/// </remarks>
internal static class CodeProbabilities
{
    /// <summary>
    /// (N, K) per-bit logits s = 4·z/τ → (2^K) mean code probabilities, indexed like LookupFreeQuantizer ids
    /// (bit c of the index is channel c).
    /// </summary>
    public static Tensor Average(Tensor bitLogits, long chunkTokens)
    {
        var tokens = bitLogits.shape[0];
        var lowBits = (int)((bitLogits.shape[1] + 1) / 2);
        var highBits = (int)bitLogits.shape[1] - lowBits;
        var lowTable = BitTable(lowBits, bitLogits);     // (2^low, low)
        var highTable = BitTable(highBits, bitLogits);   // (2^high, high)
        var sum = zeros(1L << highBits, 1L << lowBits, bitLogits.dtype, bitLogits.device);

        for (long start = 0; start < tokens; start += chunkTokens)
        {
            // A scope per chunk frees the chunk's tables at once when no graph holds them.
            using var chunkScope = NewDisposeScope();
            var chunk = bitLogits.narrow(0, start, Math.Min(chunkTokens, tokens - start));
            var low = HalfProbabilities(chunk.narrow(1, 0, lowBits), lowTable);            // (n, 2^low)
            var high = HalfProbabilities(chunk.narrow(1, lowBits, highBits), highTable);   // (n, 2^high)

            // In place, so one accumulator lives across chunks; add_ saves nothing for backward, so autograd allows it.
            sum.add_(high.t().mm(low));
        }

        return (sum / tokens).reshape(-1);   // flat index = high·2^low + low
    }

    /// <summary>(n, b) bit logits → (n, 2^b) probabilities of every code of those b bits.</summary>
    private static Tensor HalfProbabilities(Tensor bitLogits, Tensor table)
    {
        // log p(code) = Σ_k b_k·logσ(s_k) + (1 − b_k)·logσ(−s_k): every term is ≤ 0, so large |s| cancels nothing.
        var logOn = bitLogits.log_sigmoid().mm(table.t());
        var logOff = (-bitLogits).log_sigmoid().mm((1 - table).t());
        return (logOn + logOff).exp();
    }

    /// <summary>(2^bits, bits) table of 0/1 with row r holding the bits of r, least significant first.</summary>
    private static Tensor BitTable(int bits, Tensor like)
    {
        var rows = arange(1L << bits, ScalarType.Int64, like.device).unsqueeze(1);
        var shifts = arange(bits, ScalarType.Int64, like.device);
        return rows.bitwise_right_shift(shifts).bitwise_and(tensor(1L, device: like.device)).to_type(like.dtype);
    }
}
