using TorchSharp;

namespace Magvit.Model.Streaming;

/// <summary>
/// Turns a stream of quantized latent frames (B, z, T', h, w) into frames (B, C, T, H, W) as soon as each decodes.
/// Not thread-safe: one session per stream, called from one thread under no_grad.
/// </summary>
public interface IDecoderSession : IDisposable
{
    /// <summary>Latent frames accepted so far.</summary>
    long LatentFramesIn { get; }

    /// <summary>Frames returned so far.</summary>
    long FramesOut { get; }

    /// <summary>Adds latent frames; returns the frames they decode to.</summary>
    torch.Tensor Push(torch.Tensor quantizedLatents);

    /// <summary>Ends the stream; returns what a final partial window still yields (windowed sessions only).</summary>
    torch.Tensor Complete();
}
