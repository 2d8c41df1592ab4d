namespace Magvit.Media;

/// <summary>How <see cref="MediaEncoder"/> writes frames.</summary>
public sealed record EncodeOptions
{
    /// <summary>Frames per second of mp4 and gif output.</summary>
    public double FrameRate { get; init; } = 8;

    /// <summary>Integer magnification with nearest-neighbour sampling (every pixel becomes a Scale × Scale block), ≥ 1.</summary>
    public int Scale { get; init; } = 1;

    /// <summary>libx264's constant rate factor for mp4 (0 lossless in YUV … 51 worst; 18 looks lossless).</summary>
    public int Crf { get; init; } = 18;

    /// <summary>Throws when the options cannot describe an encode.</summary>
    public void Validate()
    {
        if (!(FrameRate > 0 && FrameRate <= 1000) || Scale is < 1 or > 64 || Crf is < 0 or > 51)
        {
            throw new ArgumentException("FrameRate in (0, 1000], Scale in 1 … 64 and Crf in 0 … 51 are required.");
        }
    }
}
