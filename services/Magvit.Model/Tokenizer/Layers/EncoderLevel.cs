using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>One resolution of the encoder: <c>block</c> ResBlocks, then an optional strided-conv <c>downsample</c>.</summary>
public sealed class EncoderLevel : FrameModule
{
    private readonly ModuleList<ResBlock> block = new();
    private readonly FrameModule? downsample;

    /// <summary>Level <paramref name="level"/>: <paramref name="inChannels"/> → <paramref name="outChannels"/>.</summary>
    public EncoderLevel(int level, long inChannels, long outChannels, LayerFactory layers)
        : base(nameof(EncoderLevel))
    {
        var config = layers.Config;
        for (var i = 0; i < config.ResBlocks; i++)
        {
            block.Add(new ResBlock(i == 0 ? inChannels : outChannels, outChannels, layers));
        }

        if (level < config.Levels - 1)
        {
            downsample = layers.Conv(outChannels, outChannels, 3, strideSpace: 2, strideTime: config.DownsamplesTime(level) ? 2 : 1);
        }

        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream)
    {
        var h = input;
        foreach (var resBlock in block)
        {
            h = resBlock.Apply(h, stream);
        }

        return downsample?.Apply(h, stream) ?? h;
    }
}
