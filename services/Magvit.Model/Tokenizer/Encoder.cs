using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer;

/// <summary>
/// conv_in (bias-free) → per level: ResBlocks, strided-conv down-sampling → mid_block ResBlocks → norm_out → swish →
/// 1×1 conv_out to the latent channels.
/// </summary>
public sealed class Encoder : FrameModule
{
    private readonly FrameModule conv_in;
    private readonly ModuleList<EncoderLevel> down = new();
    private readonly ModuleList<ResBlock> mid_block = new();
    private readonly AffineGroupNorm norm_out;
    private readonly FrameModule conv_out;

    /// <summary>The encoder of <paramref name="layers"/>' config.</summary>
    public Encoder(LayerFactory layers)
        : base(nameof(Encoder))
    {
        var config = layers.Config;
        var widths = config.ChannelMultipliers.Select(m => (long)config.Channels * m).ToArray();
        conv_in = layers.Conv(config.InChannels, config.Channels, 3, hasBias: false);
        var inWidth = (long)config.Channels;
        for (var level = 0; level < config.Levels; level++)
        {
            down.Add(new EncoderLevel(level, inWidth, widths[level], layers));
            inWidth = widths[level];
        }

        for (var i = 0; i < config.ResBlocks; i++)
        {
            mid_block.Add(new ResBlock(inWidth, inWidth, layers));
        }

        norm_out = layers.Norm(inWidth);
        conv_out = layers.Conv(inWidth, config.LatentChannels, 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream) // (B, C, H, W) or (B, T, C, H, W)
    {
        var h = conv_in.Apply(input, stream);
        foreach (var level in down)
        {
            h = level.Apply(h, stream);
        }

        foreach (var resBlock in mid_block)
        {
            h = resBlock.Apply(h, stream);
        }

        return conv_out.Apply(nn.functional.silu(norm_out.Apply(h, stream)), stream);
    }
}
