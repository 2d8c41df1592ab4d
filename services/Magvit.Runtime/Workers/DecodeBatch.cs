using Magvit.Model.Tokenizer;
using Magvit.Model.Tokenizer.Layers;
using Magvit.Runtime.Pixels;
using Magvit.Runtime.Work;
using static TorchSharp.torch;

namespace Magvit.Runtime.Workers;

/// <summary>
/// One decoder forward over the rows of items sharing a key; runs on the worker thread inside its dispose scope.
/// Causal streams are stacked like the encoder's, and each stream's latent offset advances after the forward.
/// </summary>
internal static class DecodeBatch
{
    /// <summary>Stages each item's RGB24 frames; returns the frames per row.</summary>
    public static int Run(MagvitTokenizer model, BatchKey key, IReadOnlyList<DecodeItem> items)
    {
        var ids = TensorRows.Stack(items.SelectMany(i => i.TokenIds).ToList(), [key.Frames, key.Height, key.Width], ScalarType.Int32);
        var codes = model.Quantizer.Codes(ids, 2);                                                      // (N, T', z, h, w)
        var frames = Rgb24.ToBytes(Forward(model, codes, key, items));                                   // (N, T, H, W, 3)
        var (framesPerRow, frameBytes) = ((int)frames.shape[1], (int)(frames.shape[2] * frames.shape[3] * frames.shape[4]));

        var arrays = TensorRows.Split<byte>(frames, frameBytes);
        var next = 0;
        foreach (var item in items)
        {
            var count = item.Rows * framesPerRow;
            item.Stage(arrays[next..(next + count)]);
            next += count;
        }

        return framesPerRow;
    }

    private static Tensor Forward(MagvitTokenizer model, Tensor codes, BatchKey key, IReadOnlyList<DecodeItem> items)
    {
        switch (model.Config.Kind)
        {
            case TokenizerKind.CausalVideo:
                var states = items.Select(i => i.Slot?.State).ToList();
                using (var merged = StreamState.Stack(states))
                {
                    var frames = model.DecodeFrames(codes, merged);
                    merged.Unstack(states, items.Select(i => (long)i.Rows).ToList());
                    foreach (var state in states.OfType<StreamState>())
                    {
                        state.LatentOffset += key.Frames;
                    }

                    return frames;
                }

            case TokenizerKind.Video:
                return MagvitTokenizer.ToFrames(model.Decode(MagvitTokenizer.ToReference(codes)));
            default:
                return model.Decode(codes.squeeze(1)).unsqueeze(1);                                       // one frame per row
        }
    }
}
