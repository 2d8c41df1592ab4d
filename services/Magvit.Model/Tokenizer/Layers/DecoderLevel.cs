using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>One resolution of the decoder: <c>block</c> ResBlocks, then an optional <c>upsample</c>.</summary>
public sealed class DecoderLevel : FrameModule
{
    private readonly ModuleList<ResBlock> block = new();
    private readonly Upsampler? upsample;

    /// <summary>Level <paramref name="level"/>: <paramref name="inChannels"/> → <paramref name="outChannels"/>.</summary>
    public DecoderLevel(int level, long inChannels, long outChannels, LayerFactory layers)
        : base(nameof(DecoderLevel))
    {
        for (var i = 0; i < layers.Config.ResBlocks; i++)
        {
            block.Add(new ResBlock(i == 0 ? inChannels : outChannels, outChannels, layers));
        }

        if (level > 0)
        {
            upsample = new Upsampler(outChannels, layers.Config.UpsamplesTime(level), layers);
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

        return upsample?.Apply(h, stream) ?? h;
    }
}
