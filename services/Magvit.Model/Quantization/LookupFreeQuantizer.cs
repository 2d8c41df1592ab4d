using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>Provisional: replaced by the full quantizer on merge.</summary>
public sealed class LookupFreeQuantizer(int bits)
{
    /// <summary>Bits per token.</summary>
    public int Bits { get; } = bits;

    /// <summary>±1 per channel, 0 → −1.</summary>
    public Tensor Quantize(Tensor z, long channelDim = 1) => z.shape[channelDim] == Bits ? where(z > 0, 1f, -1f).to(z.dtype) : throw new ArgumentException("bits");

    /// <summary>Σ_c [z_c &gt; 0]·2^c.</summary>
    public Tensor Indices(Tensor z, long channelDim = 1)
    {
        var shape = Enumerable.Repeat(1L, (int)z.dim()).ToArray();
        shape[channelDim] = Bits;
        var weights = pow(2, arange(Bits, dtype: int64)).view(shape);
        return ((z > 0).to(int64) * weights).sum(channelDim);
    }

    /// <summary>Inverse of Indices.</summary>
    public Tensor Codes(Tensor indices, long channelDim = 1)
    {
        var bitsAxis = arange(Bits, dtype: int64);
        var codes = (indices.unsqueeze(-1).bitwise_right_shift(bitsAxis).bitwise_and(1).to(float32) * 2) - 1;
        var dims = Enumerable.Range(0, (int)indices.dim()).Select(i => (long)i).ToList();
        dims.Insert((int)channelDim, indices.dim());
        return codes.permute([.. dims]).contiguous();
    }
}
