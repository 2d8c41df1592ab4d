using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>Validation of integer token-id tensors, shared by the quantizer and the factorisation.</summary>
internal static class TokenIds
{
    /// <summary>
    /// Returns <paramref name="ids"/> as int64 after checking every value lies in [0, <paramref name="exclusiveMax"/>).
    /// The exception names the first offending value so a caller can find the bad token.
    /// </summary>
    public static Tensor RequireInRange(Tensor ids, long exclusiveMax, string paramName)
    {
        if (!ids.is_integral())
        {
            throw new ArgumentException($"Token ids must be an integer tensor, got {ids.dtype}.", paramName);
        }

        var asLong = ids.to_type(ScalarType.Int64);
        if (asLong.numel() == 0)
        {
            return asLong;
        }

        using var outside = asLong.lt(0).logical_or(asLong.ge(exclusiveMax));
        if (outside.any().item<bool>())
        {
            var value = asLong.masked_select(outside)[0].item<long>();
            throw new ArgumentOutOfRangeException(paramName, value, $"Token id {value} is outside [0, {exclusiveMax}).");
        }

        return asLong;
    }
}
