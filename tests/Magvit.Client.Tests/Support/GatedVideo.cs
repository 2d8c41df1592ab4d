using System.Runtime.CompilerServices;

namespace Magvit.Client.Tests.Support;

/// <summary>
/// A live source: yields the first frames at once, then waits until the test opens the gate, then yields the rest. It
/// records how far it got, so that a test sees what came out of a pipeline before the input ended.
/// </summary>
internal sealed class GatedVideo(IReadOnlyList<RgbFrame> frames, int before)
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Frames yielded so far.</summary>
    public int Yielded { get; private set; }

    /// <summary>True once the last frame was yielded and the enumeration asked for more.</summary>
    public bool Ended { get; private set; }

    public VideoFrames Video => new(new VideoFormat(frames[0].Width, frames[0].Height) { FrameCount = frames.Count }, YieldAsync());

    public void Open() => gate.TrySetResult();

    private async IAsyncEnumerable<RgbFrame> YieldAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            if (i == before)
            {
                await gate.Task.WaitAsync(cancellationToken).Within();
            }

            Yielded = i + 1;
            yield return frames[i];
        }

        Ended = true;
    }
}
