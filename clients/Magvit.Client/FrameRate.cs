namespace Magvit.Client;

/// <summary>Frames per second as an exact fraction (30000/1001 for NTSC); the services carry it along and never resample.</summary>
/// <param name="Numerator">Frames.</param>
/// <param name="Denominator">Seconds.</param>
public readonly record struct FrameRate(uint Numerator, uint Denominator);
