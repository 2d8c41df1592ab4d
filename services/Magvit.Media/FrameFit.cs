namespace Magvit.Media;

/// <summary>How decoded frames are fitted to the requested size.</summary>
public enum FrameFit
{
    /// <summary>Centre crop to a square of the shorter side, then scale to size × size (the data notes' recipe).</summary>
    SquareCrop,

    /// <summary>Scale so the shorter side is the size, keeping the aspect ratio (room for random crops).</summary>
    ShortSide,
}
