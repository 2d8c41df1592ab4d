namespace Magvit.Training.Data;

/// <summary>One sampled training (or validation) clip: which frames of which clip, where to crop, whether mirrored.</summary>
/// <param name="Clip">Index into the clip list it was drawn from.</param>
/// <param name="FrameIndices">Source frame of each output frame.</param>
/// <param name="X">Left edge of the crop.</param>
/// <param name="Y">Top edge of the crop.</param>
/// <param name="Flip">Mirrored left–right.</param>
public sealed record ClipDraw(int Clip, IReadOnlyList<int> FrameIndices, int X, int Y, bool Flip);
