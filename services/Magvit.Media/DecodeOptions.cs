namespace Magvit.Media;

/// <summary>What <see cref="MediaDecoder"/> produces from a file.</summary>
public sealed record DecodeOptions
{
    /// <summary>Output size: the square side (<see cref="FrameFit.SquareCrop"/>) or the shorter side; the default width and height of the other fits.</summary>
    public int Size { get; init; } = 64;

    /// <summary>Output width for <see cref="FrameFit.Cover"/>, <see cref="FrameFit.Contain"/> and <see cref="FrameFit.Stretch"/>; null: <see cref="Size"/>.</summary>
    public int? Width { get; init; }

    /// <summary>Output height for <see cref="FrameFit.Cover"/>, <see cref="FrameFit.Contain"/> and <see cref="FrameFit.Stretch"/>; null: <see cref="Size"/>.</summary>
    public int? Height { get; init; }

    /// <summary>How frames are fitted to the output size.</summary>
    public FrameFit Fit { get; init; } = FrameFit.SquareCrop;

    /// <summary>First frame to keep (after any frame-rate conversion).</summary>
    public int StartFrame { get; init; }

    /// <summary>Most frames to keep; null keeps all.</summary>
    public int? MaxFrames { get; init; }

    /// <summary>Resample to this many frames per second (ffmpeg's fps filter) before trimming; null keeps the source rate.</summary>
    public double? FrameRate { get; init; }

    /// <summary>The output width of the fits that take one (<see cref="Width"/>, else <see cref="Size"/>).</summary>
    public int TargetWidth => Width ?? Size;

    /// <summary>The output height of the fits that take one (<see cref="Height"/>, else <see cref="Size"/>).</summary>
    public int TargetHeight => Height ?? Size;

    /// <summary>Throws when the options cannot describe a decode.</summary>
    public void Validate()
    {
        if (Size < 2 || Width is < 2 || Height is < 2 || StartFrame < 0 || MaxFrames is <= 0 || FrameRate is <= 0)
        {
            throw new ArgumentException("Size, Width and Height ≥ 2, StartFrame ≥ 0, MaxFrames > 0 and FrameRate > 0 are required.");
        }
    }
}
