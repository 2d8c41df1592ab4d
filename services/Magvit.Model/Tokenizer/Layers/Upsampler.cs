using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// <c>conv1</c> (C → 4C, or 8C when time doubles) then DCR depth-to-space. After a temporal ×2 the reference drops
/// output frame 1, so T latent frames give 2T−1: the first frame stays a lone image frame.
/// </summary>
public sealed class Upsampler : FrameModule
{
    private readonly FrameModule conv1;
    private readonly bool isVideo;
    private readonly long blockTime;

    /// <summary>An up-sampler for <paramref name="channels"/> channels.</summary>
    public Upsampler(long channels, bool doublesTime, LayerFactory layers)
        : base(nameof(Upsampler))
    {
        isVideo = layers.Config.IsVideo;
        blockTime = doublesTime ? 2 : 1;
        conv1 = layers.Conv(channels, channels * 4 * blockTime, 3);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Apply(Tensor input, StreamState? stream)
    {
        using var scope = NewDisposeScope(); // the conv's output (4 or 8 × the input) goes as soon as it is rearranged
        var y = conv1.Apply(input, stream);
        var startsClip = (stream?.LatentOffset ?? 0) == 0;
        var result = isVideo ? DepthToSpace.Video(y, blockTime, dropFrameOne: blockTime == 2 && startsClip) : DepthToSpace.Image(y);
        return result.MoveToOuterDisposeScope();
    }
}
