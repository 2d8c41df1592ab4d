using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>Dimension arithmetic shared by the quantizer and the losses (PyTorch-style negative dims).</summary>
internal static class ChannelDims
{
    /// <summary>Maps <paramref name="dim"/> (negative counts from the end) into [0, rank).</summary>
    public static long Resolve(long dim, long rank, string paramName)
    {
        var resolved = dim < 0 ? dim + rank : dim;
        if (resolved < 0 || resolved >= rank)
        {
            throw new ArgumentOutOfRangeException(paramName, dim, $"Dimension {dim} does not exist in a tensor of rank {rank}.");
        }

        return resolved;
    }

    /// <summary>(…, K at <paramref name="channelDim"/>, …) → (N, K): one row per token, channels last.</summary>
    public static Tensor ToTokenRows(Tensor z, long channelDim)
    {
        var dim = Resolve(channelDim, z.dim(), nameof(channelDim));
        return z.movedim([dim], [-1]).reshape(-1, z.shape[dim]);
    }
}
