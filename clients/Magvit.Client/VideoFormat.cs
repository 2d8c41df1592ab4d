namespace Magvit.Client;

/// <summary>What every frame of a video has in common, and how many there are when known.</summary>
/// <param name="Width">Frame width in pixels (a multiple of the tokenizer's spatial factor).</param>
/// <param name="Height">Frame height in pixels (a multiple of the tokenizer's spatial factor).</param>
public sealed record VideoFormat(int Width, int Height)
{
    /// <summary>Frames in the video when known in advance (a file); null for live sources.</summary>
    public long? FrameCount { get; init; }

    /// <summary>Frame rate when known.</summary>
    public FrameRate? FrameRate { get; init; }
}
