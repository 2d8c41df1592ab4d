using Magvit.Model.Tokenizer.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer;

/// <summary>
/// conv_in → mid_block → per level from the coarsest: AdaGN on the quantized latent (once, before the level's
/// blocks), ResBlocks, conv + depth-to-space up-sampling → norm_out → swish → conv_out.
/// </summary>
public sealed class Decoder : FrameModule
{
    private readonly FrameModule conv_in;
    private readonly ModuleList<ResBlock> mid_block = new();
    private readonly ModuleList<DecoderLevel> up = new();
    private readonly ModuleList<AdaptiveGroupNorm> adaptive = new();
    private readonly AffineGroupNorm norm_out;
    private readonly FrameModule conv_out;

    /// <summary>The decoder of <paramref name="layers"/>' config.</summary>
    public Decoder(LayerFactory layers)
        : base(nameof(Decoder))
    {
        var config = layers.Config;
        var widths = config.ChannelMultipliers.Select(m => (long)config.Channels * m).ToArray();
        var top = widths[^1];
        conv_in = layers.Conv(config.LatentChannels, top, 3);
        for (var i = 0; i < config.ResBlocks; i++)
        {
            mid_block.Add(new ResBlock(top, top, layers));
        }

        // Level i's input width is level i+1's output width; frames per latent frame grow as levels go finer.
        var levelInputs = new long[config.Levels];
        var rates = new long[config.Levels];
        var (width, rate) = (top, 1L);
        for (var level = config.Levels - 1; level >= 0; level--)
        {
            (levelInputs[level], rates[level]) = (width, rate);
            width = widths[level];
            rate *= level > 0 && config.UpsamplesTime(level) ? 2 : 1;
        }

        for (var level = 0; level < config.Levels; level++)
        {
            up.Add(new DecoderLevel(level, levelInputs[level], widths[level], layers));
            adaptive.Add(new AdaptiveGroupNorm(config.LatentChannels, levelInputs[level], rates[level], layers));
        }

        norm_out = layers.Norm(widths[0]);
        conv_out = layers.Conv(widths[0], config.OutChannels, 3);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream) // quantized latent, (B, z, h, w) or (B, T, z, h, w)
    {
        var h = conv_in.Apply(input, stream);
        foreach (var resBlock in mid_block)
        {
            h = resBlock.Apply(h, stream);
        }

        for (var level = up.Count - 1; level >= 0; level--)
        {
            h = adaptive[level].Apply(h, input, stream);
            h = up[level].Apply(h, stream);
        }

        return conv_out.Apply(nn.functional.silu(norm_out.Apply(h, stream)), stream);
    }
}
