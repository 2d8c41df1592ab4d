namespace Magvit.Cli.Demo;

/// <summary>The clip the demo ran on.</summary>
internal sealed record DemoInput(string Path, int Frames, int Width, int Height, double FrameRate);
