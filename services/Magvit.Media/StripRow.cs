namespace Magvit.Media;

/// <summary>One row of a <see cref="FrameStrip"/>: frames left to right, optionally marked from one frame on.</summary>
/// <param name="Frames">The row's frames.</param>
public sealed record StripRow(RgbFrames Frames)
{
    /// <summary>Frames from this index on get a coloured bar beneath them (e.g. generated after a prompt); past the end: none.</summary>
    public int MarkFrom { get; init; } = int.MaxValue;
}
