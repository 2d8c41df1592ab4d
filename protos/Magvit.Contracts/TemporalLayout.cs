using Magvit.Contracts.V1;

namespace Magvit.Contracts;

/// <summary>
/// Which frames each latent frame stands for under a tokenizer's frame rule (model.proto's FrameRule): what a resumed
/// Detokenize stream skips, and where a client that has received some frames may resume. With temporal factor t,
/// latent frame 0 is frame 0 and latent frame j ≥ 1 is frames t·(j−1)+1 … t·j; the windowed rule restarts that count
/// in every window of <c>window_frames</c> frames; the image rule maps latent frame j to frame j.
/// </summary>
public static class TemporalLayout
{
    /// <summary>Index of the first frame of <paramref name="latentFrame"/>.</summary>
    /// <exception cref="ArgumentException">The geometry names no frame rule, or a temporal factor or window that cannot be.</exception>
    public static ulong FirstFrame(TokenizerGeometry geometry, ulong latentFrame)
    {
        var (t, window, latentsPerWindow) = Rule(geometry);
        if (window == 0)
        {
            return Causal(t, latentFrame);
        }

        return (latentFrame / latentsPerWindow * window) + Causal(t, latentFrame % latentsPerWindow);
    }

    /// <summary>
    /// Latent frames whose frames all lie within the first <paramref name="frames"/> frames: the latent frame from which
    /// a stream resumes when the client has received that many whole frames.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry names no frame rule, or a temporal factor or window that cannot be.</exception>
    public static ulong WholeLatentFrames(TokenizerGeometry geometry, ulong frames)
    {
        var (t, window, latentsPerWindow) = Rule(geometry);
        if (window == 0)
        {
            return CausalLatents(t, frames);
        }

        return (frames / window * latentsPerWindow) + CausalLatents(t, frames % window);
    }

    /// <summary>First frame of latent frame <paramref name="j"/> of a causal run: 0, then t·(j−1)+1.</summary>
    private static ulong Causal(ulong t, ulong j) => j == 0 ? 0 : (t * (j - 1)) + 1;

    /// <summary>Whole latent frames of a causal run within <paramref name="frames"/> frames: 0, then 1 + ⌊(frames−1)/t⌋.</summary>
    private static ulong CausalLatents(ulong t, ulong frames) => frames == 0 ? 0 : 1 + ((frames - 1) / t);

    /// <summary>Temporal factor, window length in frames (0: no windows) and latent frames per window.</summary>
    private static (ulong T, ulong Window, ulong LatentsPerWindow) Rule(TokenizerGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        switch (geometry.FrameRule)
        {
            case FrameRule.Image:
                return (1, 0, 0);
            case FrameRule.Causal:
                return (RequireFactor(geometry), 0, 0);
            case FrameRule.Windowed:
                var t = RequireFactor(geometry);
                var window = (ulong)geometry.WindowFrames;
                if (window == 0 || (window - 1) % t != 0)
                {
                    throw new ArgumentException($"window_frames {window} is not 1 + {t}·k.", nameof(geometry));
                }

                return (t, window, 1 + ((window - 1) / t));
            default:
                throw new ArgumentException($"Frame rule {geometry.FrameRule} maps no frames to latent frames.", nameof(geometry));
        }
    }

    private static ulong RequireFactor(TokenizerGeometry geometry)
        => geometry.TemporalFactor > 0 ? geometry.TemporalFactor : throw new ArgumentException("temporal_factor must be ≥ 1.", nameof(geometry));
}
