using Magvit.Model.Quantization;
using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer;

/// <summary>
/// A MAGVIT-v2 tokenizer (Open-MAGVIT2 <c>VQModel</c>): <c>encoder</c>, lookup-free quantization, <c>decoder</c>.
/// Public methods take and return the reference layouts — images (B, C, H, W), videos (B, C, T, H, W), latents
/// (B, z, [T,] h, w), token ids (B, [T,] h, w) in raster order. Pixels are in [−1, 1].
/// </summary>
public sealed class MagvitTokenizer : nn.Module
{
    private readonly Encoder encoder;
    private readonly Decoder decoder;
    private readonly LookupFreeQuantizer quantizer;

    /// <summary>A randomly initialised tokenizer for <paramref name="config"/>.</summary>
    public MagvitTokenizer(TokenizerConfig config)
        : base(nameof(MagvitTokenizer))
    {
        config.Validate();
        Config = config;
        var layers = new LayerFactory(config);
        encoder = new Encoder(layers);
        decoder = new Decoder(layers);
        quantizer = new LookupFreeQuantizer(config.LatentChannels);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public TokenizerConfig Config { get; }

    /// <summary>The quantizer (K = 2^LatentChannels codes).</summary>
    public LookupFreeQuantizer Quantizer => quantizer;

    /// <summary>Pre-quantization latent of pixels.</summary>
    public Tensor EncodeLatent(Tensor pixels)
    {
        CheckPixels(pixels);
        return Config.IsVideo ? ToReference(EncodeFrames(ToFrames(pixels), null)) : encoder.Apply(pixels, null).contiguous(); // layers work channels-last
    }

    /// <summary>±1 codes of a latent (0 → −1).</summary>
    public Tensor Quantize(Tensor latent) => quantizer.Quantize(latent, 1);

    /// <summary>Token ids of a latent: channel c is bit c.</summary>
    public Tensor Indices(Tensor latent) => quantizer.Indices(latent, 1);

    /// <summary>±1 codes of token ids, channel dim 1.</summary>
    public Tensor Codes(Tensor indices) => quantizer.Codes(indices, 1);

    /// <summary>Pixels of a quantized latent.</summary>
    public Tensor Decode(Tensor quantized)
        => Config.IsVideo ? ToReference(DecodeFrames(ToFrames(quantized), null)) : decoder.Apply(quantized, null).contiguous();

    /// <summary>Pixels of token ids.</summary>
    public Tensor DecodeIndices(Tensor indices) => Decode(Codes(indices));

    /// <summary>
    /// Encoder over frames (B, T, C, H, W) → pre-quantization latent frames (B, T', z, h, w), in channels-last memory
    /// (physically (B, T', h, w, z)): <see cref="ToReference"/> before reading raw data.
    /// </summary>
    public Tensor EncodeFrames(Tensor frames, StreamState? stream) => encoder.Apply(frames, stream);

    /// <summary>Decoder over quantized latent frames (B, T', z, h, w) → frames (B, T, C, H, W), channels-last memory.</summary>
    public Tensor DecodeFrames(Tensor quantizedFrames, StreamState? stream) => decoder.Apply(quantizedFrames, stream);

    /// <summary>(B, C, T, H, W) ↔ (B, T, C, H, W).</summary>
    public static Tensor ToFrames(Tensor reference) => reference.permute(0, 2, 1, 3, 4).contiguous();

    /// <summary>(B, T, C, H, W) → (B, C, T, H, W).</summary>
    public static Tensor ToReference(Tensor frames) => frames.permute(0, 2, 1, 3, 4).contiguous();

    private void CheckPixels(Tensor pixels)
    {
        var expected = Config.IsVideo ? 5 : 4;
        if (pixels.dim() != expected || pixels.shape[1] != Config.InChannels)
        {
            throw new ArgumentException(
                $"Expected {(Config.IsVideo ? "(B, C, T, H, W)" : "(B, C, H, W)")} with C = {Config.InChannels}, got ({string.Join(", ", pixels.shape)}).");
        }

        var (h, w) = (pixels.shape[^2], pixels.shape[^1]);
        if (h % Config.SpatialFactor != 0 || w % Config.SpatialFactor != 0)
        {
            throw new ArgumentException($"Height and width ({h}×{w}) must be multiples of {Config.SpatialFactor}.");
        }
    }
}
