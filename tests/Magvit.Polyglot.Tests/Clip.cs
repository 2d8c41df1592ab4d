namespace Magvit.Polyglot.Tests;

/// <summary>A deterministic RGB24 clip: row-major frames back to back, as every client sends them.</summary>
internal sealed class Clip(int frames, int width, int height, int seed)
{
    public int Frames { get; } = frames;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public int FrameBytes => Width * Height * 3;

    public byte[] Rgb24 { get; } = Bytes(frames * width * height * 3, seed);

    private static byte[] Bytes(int count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
