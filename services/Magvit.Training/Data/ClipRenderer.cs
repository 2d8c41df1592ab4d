using static TorchSharp.torch;

namespace Magvit.Training.Data;

/// <summary>Turns clip draws into a pixel tensor: crops, mirrors and scales bytes to [−1, 1] (x/127.5 − 1, as SV).</summary>
public static class ClipRenderer
{
    /// <summary>
    /// (B, T, 3, size, size) float32 on the CPU, frames layout, from <paramref name="draws"/> (all with the same frame
    /// count) of <paramref name="clips"/>.
    /// </summary>
    public static Tensor Render(IReadOnlyList<MediaClip> clips, IReadOnlyList<ClipDraw> draws, int size)
    {
        ArgumentOutOfRangeException.ThrowIfZero(draws.Count);
        var frames = draws[0].FrameIndices.Count;
        if (draws.Any(d => d.FrameIndices.Count != frames))
        {
            throw new ArgumentException("All draws of a batch need the same frame count.", nameof(draws));
        }

        var plane = size * size;
        var values = new float[(long)draws.Count * frames * 3 * plane];
        var offset = 0L;
        foreach (var draw in draws)
        {
            var source = clips[draw.Clip].Frames;
            if (draw.X < 0 || draw.Y < 0 || draw.X + size > source.Width || draw.Y + size > source.Height)
            {
                throw new ArgumentException($"Crop ({draw.X}, {draw.Y}) of {size}² does not fit {source.Width}×{source.Height}.", nameof(draws));
            }

            foreach (var index in draw.FrameIndices)
            {
                var pixels = source.Frame(index);
                for (var y = 0; y < size; y++)
                {
                    var row = ((draw.Y + y) * source.Width) + draw.X;
                    for (var x = 0; x < size; x++)
                    {
                        var at = (row + (draw.Flip ? size - 1 - x : x)) * 3;
                        var to = offset + (y * size) + x;
                        values[to] = (pixels[at] / 127.5f) - 1f;
                        values[to + plane] = (pixels[at + 1] / 127.5f) - 1f;
                        values[to + (2 * plane)] = (pixels[at + 2] / 127.5f) - 1f;
                    }
                }

                offset += 3 * plane;
            }
        }

        return tensor(values, [draws.Count, frames, 3, size, size]);
    }
}
