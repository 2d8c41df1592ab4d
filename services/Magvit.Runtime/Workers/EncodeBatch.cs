using Magvit.Model.Tokenizer;
using Magvit.Model.Tokenizer.Layers;
using Magvit.Runtime.Pixels;
using Magvit.Runtime.Work;
using static TorchSharp.torch;

namespace Magvit.Runtime.Workers;

/// <summary>
/// One encoder forward over the rows of items sharing a key; runs on the worker thread inside its dispose scope.
/// Causal models stack the streams' states along the batch and split them back after; windowed and image models are
/// stateless per item.
/// </summary>
internal static class EncodeBatch
{
    /// <summary>Stages each item's token ids; returns the latent frames per row.</summary>
    public static int Run(MagvitTokenizer model, BatchKey key, IReadOnlyList<EncodeItem> items)
    {
        var pixels = Rgb24.ToPixels(items.SelectMany(i => i.Pixels).ToList(), key.Frames, key.Height, key.Width); // (N, T, 3, H, W)
        var latents = Forward(model, pixels, items);                                                           // (N, T', z, h, w)
        var ids = model.Quantizer.Indices(latents, 2).to_type(ScalarType.Int32).contiguous();                     // (N, T', h, w)
        var (latentFrames, gridLength) = ((int)ids.shape[1], (int)(ids.shape[2] * ids.shape[3]));

        var arrays = TensorRows.Split<int>(ids, gridLength);
        var next = 0;
        foreach (var item in items)
        {
            var count = item.Rows * latentFrames;
            item.Stage(arrays[next..(next + count)]);
            next += count;
        }

        return latentFrames;
    }

    private static Tensor Forward(MagvitTokenizer model, Tensor pixels, IReadOnlyList<EncodeItem> items)
    {
        switch (model.Config.Kind)
        {
            case TokenizerKind.CausalVideo:
                var states = items.Select(i => i.Slot?.State).ToList();
                using (var merged = StreamState.Stack(states))
                {
                    var latents = model.EncodeFrames(pixels, merged);
                    merged.Unstack(states, items.Select(i => (long)i.Rows).ToList());
                    return latents;
                }

            case TokenizerKind.Video:
                return MagvitTokenizer.ToFrames(model.EncodeLatent(MagvitTokenizer.ToReference(pixels)));
            default:
                return model.EncodeLatent(pixels.squeeze(1)).unsqueeze(1);                                       // one frame per row
        }
    }
}
