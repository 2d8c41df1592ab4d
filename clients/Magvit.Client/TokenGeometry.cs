using Magvit.Client.Wire;
using Magvit.Contracts;

namespace Magvit.Client;

/// <summary>What one token and one latent frame stand for: the tokenizer's down-sampling and frame rule.</summary>
/// <param name="SpatialFactor">Pixels per token along each side.</param>
/// <param name="TemporalFactor">Frames per latent frame after the first (1 for image tokenizers).</param>
/// <param name="Rule">The frame rule.</param>
/// <param name="WindowFrames">Frames per window for <see cref="TemporalRule.Windowed"/>, else 0.</param>
public sealed record TokenGeometry(int SpatialFactor, int TemporalFactor, TemporalRule Rule, int WindowFrames)
{
    /// <summary>Index of the first frame that <paramref name="latentFrame"/> decodes to.</summary>
    /// <exception cref="ArgumentException">The rule is unspecified.</exception>
    public long FirstFrame(long latentFrame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latentFrame);
        return checked((long)TemporalLayout.FirstFrame(HeaderMapping.ToWire(this), (ulong)latentFrame));
    }

    /// <summary>Latent frames whose frames all lie within the first <paramref name="frames"/> frames.</summary>
    /// <exception cref="ArgumentException">The rule is unspecified.</exception>
    public long WholeLatentFrames(long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        return checked((long)TemporalLayout.WholeLatentFrames(HeaderMapping.ToWire(this), (ulong)frames));
    }
}
