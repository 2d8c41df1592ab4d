using static TorchSharp.torch;

namespace Magvit.Training.Data;

/// <summary>
/// Fixed validation clips of held-out training material: up to <c>windowsPerVideo</c> evenly spaced windows of each
/// multi-frame clip, and as images every still plus the middle frame of each video; centre crops, never mirrored.
/// The same draws at every validation, so numbers are comparable across steps and runs.
/// </summary>
public sealed class ValidationSet
{
    /// <summary>The validation draws of <paramref name="clips"/> for <paramref name="frames"/>-frame videos.</summary>
    public ValidationSet(IReadOnlyList<MediaClip> clips, int size, int frames, int windowsPerVideo = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowsPerVideo, 1);
        (Clips, Size) = (clips, size);
        var videos = new List<ClipDraw>();
        var images = new List<ClipDraw>();
        for (var c = 0; c < clips.Count; c++)
        {
            var f = clips[c].Frames;
            var (x, y) = ((f.Width - size) / 2, (f.Height - size) / 2);
            images.Add(new ClipDraw(c, [f.Count / 2], x, y, false));
            if (clips[c].IsStill || frames == 1)
            {
                continue;
            }

            var windows = f.Count >= frames ? Math.Min(windowsPerVideo, f.Count - frames + 1) : 1;
            foreach (var start in Starts(f.Count, frames, windows))
            {
                // A clip shorter than the window plays forth and back, as the sampler does.
                var period = Math.Max(1, 2 * (f.Count - 1));
                var indices = Enumerable.Range(start, frames).Select(k => k % period < f.Count ? k % period : period - (k % period)).ToArray();
                videos.Add(new ClipDraw(c, indices, x, y, false));
            }
        }

        (Videos, Images) = (videos, images);
    }

    /// <summary>The validation clips.</summary>
    public IReadOnlyList<MediaClip> Clips { get; }

    /// <summary>Crop size.</summary>
    public int Size { get; }

    /// <summary>Multi-frame windows (none when the frame count is 1).</summary>
    public IReadOnlyList<ClipDraw> Videos { get; }

    /// <summary>1-frame draws: each still, and the middle frame of each video.</summary>
    public IReadOnlyList<ClipDraw> Images { get; }

    /// <summary>The draws in batches of at most <paramref name="batch"/>, as (B, T, 3, S, S) pixels.</summary>
    public IEnumerable<Tensor> Batches(IReadOnlyList<ClipDraw> draws, int batch)
    {
        for (var start = 0; start < draws.Count; start += batch)
        {
            yield return ClipRenderer.Render(Clips, draws.Skip(start).Take(batch).ToArray(), Size);
        }
    }

    private static IEnumerable<int> Starts(int count, int frames, int windows)
    {
        var last = Math.Max(0, count - frames);
        return windows == 1 ? [0] : Enumerable.Range(0, windows).Select(i => (int)Math.Round((double)i * last / (windows - 1))).Distinct();
    }
}
