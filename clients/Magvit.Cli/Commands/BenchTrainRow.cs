namespace Magvit.Cli.Commands;

/// <summary>One row of <c>magvit bench train</c>.</summary>
internal sealed record BenchTrainRow(string Preset, string Kind, int Frames, int Batch, int Size, double SecondsPerStep, double StepsPerSecond, double FramesPerSecond);
