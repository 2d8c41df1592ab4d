using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>
/// Lookup-free quantization (MAGVIT-v2 §3.1, Open-MAGVIT2): each latent channel is quantized to ±1 on its own, and a
/// token id packs the signs as bits with channel 0 as the least significant bit (the SV/paper order, not lucidrains').
/// </summary>
public sealed class LookupFreeQuantizer
{
    private readonly long[] bitWeights;
    private readonly long[] bitShifts;

    /// <summary>Creates a quantizer for <paramref name="bits"/> channels (codebook of 2^bits codes).</summary>
    public LookupFreeQuantizer(int bits)
    {
        // 31 keeps ids and codebook sizes exact in int32-based consumers (embedding tables, proto fields).
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 31);
        Bits = bits;
        bitShifts = Enumerable.Range(0, bits).Select(c => (long)c).ToArray();
        bitWeights = bitShifts.Select(c => 1L << (int)c).ToArray();
    }

    /// <summary>Number of latent channels, d = log2 of the codebook size.</summary>
    public int Bits { get; }

    /// <summary>2^Bits.</summary>
    public long CodebookSize => 1L << Bits;

    /// <summary>
    /// q = +1 where z &gt; 0, else −1 (an exact zero maps to −1), in z's dtype. When z requires grad the result is the
    /// straight-through value z + (q − z).detach(), whose gradient with respect to z is the identity.
    /// </summary>
    public Tensor Quantize(Tensor z, long channelDim = 1)
    {
        RequireChannels(z, channelDim);
        using var scope = NewDisposeScope();
        var hard = z.gt(0).to_type(z.dtype) * 2 - 1;
        var result = z.requires_grad ? z + (hard - z).detach() : hard;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Token ids Σ_c [z_c &gt; 0]·2^c as int64, shaped like z without its channel dim.</summary>
    public Tensor Indices(Tensor z, long channelDim = 1)
    {
        var dim = RequireChannels(z, channelDim);
        using var scope = NewDisposeScope();
        var weights = tensor(bitWeights, device: z.device);
        var ids = z.movedim([dim], [-1]).gt(0).to_type(ScalarType.Int64).mul(weights).sum(-1);
        return ids.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Inverse of <see cref="Indices"/>: float32 ±1 codes with a channel dim of size Bits inserted at
    /// <paramref name="channelDim"/> of the result, e.g. (B, H, W) → (B, Bits, H, W) for 1, or (…, Bits) for −1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id lies outside [0, CodebookSize).</exception>
    public Tensor Codes(Tensor indices, long channelDim = 1)
    {
        using var scope = NewDisposeScope();
        var ids = TokenIds.RequireInRange(indices, CodebookSize, nameof(indices));
        var dim = ChannelDims.Resolve(channelDim, ids.dim() + 1, nameof(channelDim));
        var shifts = tensor(bitShifts, device: ids.device);
        var one = tensor(1L, device: ids.device);
        var bitsLast = ids.unsqueeze(-1).bitwise_right_shift(shifts).bitwise_and(one);   // (…, Bits) of 0/1
        var codes = bitsLast.to_type(ScalarType.Float32) * 2 - 1;
        return codes.movedim([-1], [dim]).MoveToOuterDisposeScope();
    }

    private long RequireChannels(Tensor z, long channelDim)
    {
        var dim = ChannelDims.Resolve(channelDim, z.dim(), nameof(channelDim));
        if (z.shape[dim] != Bits)
        {
            throw new ArgumentException(
                $"Dim {channelDim} of z has {z.shape[dim]} channels; this quantizer has {Bits} bits.", nameof(z));
        }

        return dim;
    }
}
