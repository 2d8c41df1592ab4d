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
        var y = conv1.Apply(input, stream);
        if (!isVideo)
        {
            return DepthToSpace.Image(y);
        }

        y = DepthToSpace.Video(y, blockTime);
        var startsClip = (stream?.LatentOffset ?? 0) == 0;
        if (blockTime == 1 || !startsClip || y.shape[1] == 0)
        {
            return y;
        }

        return y.shape[1] > 2 ? cat([y.slice(1, 0, 1, 1), y.slice(1, 2, y.shape[1], 1)], 1) : y.slice(1, 0, 1, 1);
    }
}
