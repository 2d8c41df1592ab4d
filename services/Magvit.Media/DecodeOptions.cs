namespace Magvit.Media;

/// <summary>What <see cref="MediaDecoder"/> produces from a file.</summary>
public sealed record DecodeOptions
{
    /// <summary>Output size: the square side (<see cref="FrameFit.SquareCrop"/>) or the shorter side.</summary>
    public int Size { get; init; } = 64;

    /// <summary>How frames are fitted to <see cref="Size"/>.</summary>
    public FrameFit Fit { get; init; } = FrameFit.SquareCrop;

    /// <summary>First frame to keep (after any frame-rate conversion).</summary>
    public int StartFrame { get; init; }

    /// <summary>Most frames to keep; null keeps all.</summary>
    public int? MaxFrames { get; init; }

    /// <summary>Resample to this many frames per second (ffmpeg's fps filter) before trimming; null keeps the source rate.</summary>
    public double? FrameRate { get; init; }

    /// <summary>Throws when the options cannot describe a decode.</summary>
    public void Validate()
    {
        if (Size < 2 || StartFrame < 0 || MaxFrames is <= 0 || FrameRate is <= 0)
        {
            throw new ArgumentException("Size ≥ 2, StartFrame ≥ 0, MaxFrames > 0 and FrameRate > 0 are required.");
        }
    }
}
