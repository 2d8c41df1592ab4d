namespace Magvit.Client;

/// <summary>
/// A video to tokenize: its format and its frames, pulled as they are needed (a live source may produce them slowly;
/// a client reads a few ahead at most).
/// </summary>
/// <param name="Format">Size, count and rate.</param>
/// <param name="Frames">The frames, each of the format's size.</param>
public sealed record VideoFrames(VideoFormat Format, IAsyncEnumerable<RgbFrame> Frames)
{
    /// <summary>A video of frames already in memory (all of one size); the format counts them.</summary>
    /// <exception cref="ArgumentException">There are no frames.</exception>
    public static VideoFrames Of(IReadOnlyList<RgbFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A video needs at least one frame.", nameof(frames));
        }

        return new VideoFrames(new VideoFormat(frames[0].Width, frames[0].Height) { FrameCount = frames.Count }, frames.ToAsyncEnumerable());
    }
}
