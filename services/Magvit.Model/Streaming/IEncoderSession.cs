using TorchSharp;

namespace Magvit.Model.Streaming;

/// <summary>
/// Turns a stream of frames into latent frames as soon as each is determined. Tensors in the reference layout:
/// frames (B, C, T, H, W) in [−1, 1] → pre-quantization latents (B, z, T', h, w). Chunks may have any length.
/// Not thread-safe: one session per stream, called from one thread under no_grad.
/// </summary>
public interface IEncoderSession : IDisposable
{
    /// <summary>Input frames accepted so far.</summary>
    long FramesIn { get; }

    /// <summary>Latent frames returned so far.</summary>
    long LatentFramesOut { get; }

    /// <summary>Adds frames; returns the latent frames they complete (possibly none: T' = 0).</summary>
    torch.Tensor Push(torch.Tensor frames);

    /// <summary>Ends the stream; returns whatever the final partial window still yields (windowed sessions only).</summary>
    torch.Tensor Complete();
}
