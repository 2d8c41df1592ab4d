using Magvit.Model.Tokenizer;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Services.Tests;

/// <summary>A deterministic RGB24 clip and what the model computes for it in-process (the services' reference).</summary>
internal sealed class Clip(int frames, int height, int width, int seed)
{
    public int Frames { get; } = frames;

    public int Height { get; } = height;

    public int Width { get; } = width;

    public int FrameBytes => Height * Width * 3;

    /// <summary>Row-major RGB24 frames back to back.</summary>
    public byte[] Rgb24 { get; } = Bytes(frames * height * width * 3, seed);

    /// <summary>Token ids per latent frame, computed offline on the same model.</summary>
    public int[][] OfflineTokens(MagvitTokenizer model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = model.Indices(model.EncodeLatent(Pixels()));                 // (1, T', h, w)
        return Enumerable.Range(0, (int)ids.shape[1]).Select(t => ids[0, t].flatten().to(int32).data<int>().ToArray()).ToArray();
    }

    /// <summary>RGB24 frames the model decodes these latent frames' tokens into, offline.</summary>
    public static byte[] OfflineDecode(MagvitTokenizer model, int[][] tokens, int latentHeight, int latentWidth)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = tensor(tokens.SelectMany(t => t).Select(i => (long)i).ToArray()).view(1, tokens.Length, latentHeight, latentWidth);
        var frames = model.DecodeIndices(ids);                                  // (1, 3, T, H, W) in [−1, 1]
        var bytes = ((frames.clamp(-1, 1) + 1) * 127.5).round().to(uint8).permute(0, 2, 3, 4, 1).contiguous();
        return bytes.data<byte>().ToArray();
    }

    private Tensor Pixels()
    {
        var data = tensor(Rgb24).view(1, Frames, Height, Width, 3).permute(0, 4, 1, 2, 3).to(float32);
        return (data / 127.5) - 1;
    }

    private static byte[] Bytes(int count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
