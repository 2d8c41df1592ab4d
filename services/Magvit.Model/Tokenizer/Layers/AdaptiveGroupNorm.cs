using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// AdaGN: GroupNorm without affine terms, then per channel × gamma(σ(q)) + beta(μ(q)), where q is the quantized
/// latent and σ uses the UNBIASED variance (torch.var's default, as the reference) plus 1e-6. Image and Video pool
/// q's statistics over all positions; CausalVideo per latent frame, each frame of this level using the statistics of
/// the latent frame it decodes from (frame f at rate r ↔ latent ⌈f/r⌉).
/// </summary>
public sealed class AdaptiveGroupNorm : nn.Module
{
    private readonly Linear gamma;
    private readonly Linear beta;
    private readonly long groups;
    private readonly NormMode mode;
    private readonly long rate;

    /// <summary>AdaGN for <paramref name="channels"/> channels at <paramref name="rate"/> frames per latent frame.</summary>
    public AdaptiveGroupNorm(long latentChannels, long channels, long rate, LayerFactory layers)
        : base(nameof(AdaptiveGroupNorm))
    {
        gamma = nn.Linear(latentChannels, channels);
        beta = nn.Linear(latentChannels, channels);
        groups = layers.Config.NormGroups;
        mode = layers.NormMode;
        this.rate = rate;
        RegisterComponents();
    }

    /// <summary>Normalises <paramref name="x"/> conditioned on <paramref name="q"/> (same layout family).</summary>
    public Tensor Apply(Tensor x, Tensor q, StreamState? stream)
    {
        var b = q.shape[0];
        var positions = mode switch
        {
            NormMode.Image => q.reshape(b, q.shape[1], -1),                                   // (B, z, h·w)
            NormMode.Joint => q.permute(0, 2, 1, 3, 4).reshape(b, q.shape[2], -1),           // (B, z, T·h·w)
            _ => q.reshape(b, q.shape[1], q.shape[2], -1),                                     // (B, T, z, h·w)
        };
        var scale = gamma.forward(sqrt(positions.var(-1, unbiased: true) + GroupNormalization.Epsilon)); // (B, [T,] C)
        var shift = beta.forward(positions.mean([-1]));
        if (mode == NormMode.PerFrame)
        {
            var latentIndex = LatentIndexOfFrames(x.shape[1], stream?.LatentOffset ?? 0, q.device);
            (scale, shift) = (scale.index_select(1, latentIndex), shift.index_select(1, latentIndex));   // (B, T, C)
        }

        return GroupNormalization.Normalize(x, groups, mode, scale, shift);
    }

    /// <summary>For each of this chunk's frames, its latent frame relative to the chunk's first latent.</summary>
    private Tensor LatentIndexOfFrames(long frames, long latentOffset, Device device)
    {
        var firstFrame = latentOffset == 0 ? 0 : (rate * latentOffset) - (rate - 1);
        var index = new long[frames];
        for (var f = 0L; f < frames; f++)
        {
            index[f] = ((firstFrame + f + rate - 1) / rate) - latentOffset;
        }

        return tensor(index, device: device);
    }
}
