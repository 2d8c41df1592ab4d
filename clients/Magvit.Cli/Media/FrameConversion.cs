using Magvit.Client;
using Magvit.Media;

namespace Magvit.Cli.Media;

/// <summary>Between the media library's <see cref="RgbFrames"/> (one array) and the client's <see cref="RgbFrame"/>s.</summary>
internal static class FrameConversion
{
    /// <summary>Each frame as a record over the same memory (no copy).</summary>
    public static IReadOnlyList<RgbFrame> ToRgbFrames(RgbFrames frames)
        => [.. Enumerable.Range(0, frames.Count).Select(i => new RgbFrame(frames.Width, frames.Height, frames.Data.AsMemory(i * frames.FrameBytes, frames.FrameBytes)))];

    /// <summary>The frames joined into one array; all must have one size.</summary>
    public static RgbFrames ToRgbFrames(IReadOnlyList<RgbFrame> frames)
    {
        if (frames.Count == 0)
        {
            throw new InvalidDataException("The service returned no frames.");
        }

        var (width, height) = (frames[0].Width, frames[0].Height);
        var size = width * height * 3;
        var data = new byte[frames.Count * size];
        for (var i = 0; i < frames.Count; i++)
        {
            if ((frames[i].Width, frames[i].Height) != (width, height))
            {
                throw new InvalidDataException($"Frame {i} is {frames[i].Width}×{frames[i].Height}, frame 0 {width}×{height}.");
            }

            frames[i].Rgb24.Span.CopyTo(data.AsSpan(i * size, size));
        }

        return new RgbFrames(width, height, frames.Count, data);
    }

    /// <summary>The first <paramref name="count"/> frames (a copy).</summary>
    public static RgbFrames Take(RgbFrames frames, int count)
    {
        count = Math.Min(count, frames.Count);
        return new RgbFrames(frames.Width, frames.Height, count, frames.Data.AsSpan(0, count * frames.FrameBytes).ToArray());
    }

    /// <summary>Collects an async stream of frames.</summary>
    public static async Task<RgbFrames> CollectAsync(IAsyncEnumerable<RgbFrame> frames, Action<RgbFrame>? onFrame, CancellationToken cancellationToken)
    {
        var list = new List<RgbFrame>();
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(frame);
            onFrame?.Invoke(frame);
        }

        return ToRgbFrames(list);
    }
}
