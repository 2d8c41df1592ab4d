namespace Magvit.Media;

/// <summary>How decoded frames are fitted to the requested size.</summary>
public enum FrameFit
{
    /// <summary>Centre crop to a square of the shorter side, then scale to size × size (the data notes' recipe).</summary>
    SquareCrop,

    /// <summary>Scale so the shorter side is the size, keeping the aspect ratio (room for random crops).</summary>
    ShortSide,

    /// <summary>Centre crop to the target's aspect ratio, then scale to width × height: fills the frame, cuts the edges.</summary>
    Cover,

    /// <summary>Scale to fit inside width × height, aspect kept, and pad the rest with black: shows everything.</summary>
    Contain,

    /// <summary>Scale to width × height, ignoring the aspect ratio.</summary>
    Stretch,
}
