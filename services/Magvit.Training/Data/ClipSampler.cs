using static TorchSharp.torch;

namespace Magvit.Training.Data;

/// <summary>
/// Draws random training clips, deterministically from a seed: a source with probability ∝ its weight, a random
/// temporal offset (clips shorter than asked for play forth and back), a random crop and a mirror with probability
/// ½. One frame draws from every clip (a video's frames are images too); more frames only from multi-frame clips.
/// The whole state is the generator's (<see cref="State"/>), so a resumed run draws exactly what it would have drawn.
/// </summary>
public sealed class ClipSampler
{
    private readonly IReadOnlyList<MediaClip> clips;
    private readonly int size;
    private readonly SeededRandom random;
    private readonly (int[] Index, double[] Cumulative) anyClip;
    private readonly (int[] Index, double[] Cumulative) videoClip;

    /// <summary>A sampler over <paramref name="clips"/> cropping <paramref name="size"/>², seeded by <paramref name="seed"/>.</summary>
    public ClipSampler(IReadOnlyList<MediaClip> clips, int size, ulong seed)
    {
        if (clips.Count == 0)
        {
            throw new ArgumentException("No training clips to sample from.", nameof(clips));
        }

        var small = clips.FirstOrDefault(c => c.Frames.Width < size || c.Frames.Height < size);
        if (small is not null)
        {
            throw new ArgumentException($"'{small.Name}' is {small.Frames.Width}×{small.Frames.Height}, smaller than the {size}² crop.", nameof(clips));
        }

        (this.clips, this.size, random) = (clips, size, new SeededRandom(seed));
        anyClip = Table(_ => true);
        videoClip = Table(c => !c.IsStill);
    }

    /// <summary>The generator state: save it with a checkpoint, set it to resume.</summary>
    public ulong[] State
    {
        get => random.State;
        set => random.State = value;
    }

    /// <summary>Whether clips of more than one frame can be drawn.</summary>
    public bool HasVideo => videoClip.Index.Length > 0;

    /// <summary>(B, T, 3, size, size) pixels in [−1, 1] of <paramref name="batch"/> fresh draws.</summary>
    public Tensor Next(int batch, int frames)
    {
        var draws = new ClipDraw[batch];
        for (var i = 0; i < batch; i++)
        {
            draws[i] = Draw(frames);
        }

        return ClipRenderer.Render(clips, draws, size);
    }

    /// <summary>One random draw of <paramref name="frames"/> frames.</summary>
    public ClipDraw Draw(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var (index, cumulative) = frames == 1 ? anyClip : videoClip;
        if (index.Length == 0)
        {
            throw new InvalidOperationException($"No multi-frame clip to draw {frames} frames from: the data has stills only.");
        }

        var position = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        var clipIndex = index[Math.Min(position < 0 ? ~position : position + 1, index.Length - 1)];
        var clip = clips[clipIndex].Frames;
        var frameIndices = new int[frames];
        if (clip.Count >= frames)
        {
            var start = random.NextInt(clip.Count - frames + 1);
            for (var k = 0; k < frames; k++)
            {
                frameIndices[k] = start + k;
            }
        }
        else
        {
            var period = 2 * (clip.Count - 1);   // 0 1 … n−1 n−2 … 1 0 1 …
            var start = random.NextInt(period);
            for (var k = 0; k < frames; k++)
            {
                var p = (start + k) % period;
                frameIndices[k] = p < clip.Count ? p : period - p;
            }
        }

        var x = random.NextInt(clip.Width - size + 1);
        var y = random.NextInt(clip.Height - size + 1);
        var flip = random.NextDouble() < 0.5;
        return new ClipDraw(clipIndex, frameIndices, x, y, flip);
    }

    private (int[] Index, double[] Cumulative) Table(Func<MediaClip, bool> include)
    {
        var index = Enumerable.Range(0, clips.Count).Where(i => include(clips[i])).ToArray();
        var cumulative = new double[index.Length];
        var sum = 0.0;
        for (var i = 0; i < index.Length; i++)
        {
            sum += clips[index[i]].Weight;
            cumulative[i] = sum;
        }

        return (index, cumulative);
    }
}
