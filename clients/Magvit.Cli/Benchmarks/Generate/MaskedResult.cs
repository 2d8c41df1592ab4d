using System.Text.Json.Serialization;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// The in-process masked measurements; each ratio is the median over rounds of the ratio within a round (all four
/// runs of a round are neighbours).
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Points">Image and video at each step count.</param>
/// <param name="ImageSteps12Vs8Ratio">Image: ms per frame at 12 steps ÷ at 8 (1.5 when a step costs the same).</param>
/// <param name="VideoSteps12Vs8Ratio">Video: the same.</param>
/// <param name="VideoVsImageFrame8Ratio">At 8 steps: ms per video frame ÷ ms per image frame (the cost of the growing context).</param>
/// <param name="VideoVsImageFrame12Ratio">At 12 steps: the same.</param>
/// <param name="VideoLastVsFirstFrameRatio">At 12 steps: the last video frame's ms ÷ the first's.</param>
internal sealed record MaskedResult(
    GeneratorSummary Model,
    IReadOnlyList<MaskedPoint> Points,
    [property: JsonPropertyName("image_steps_12_vs_8_ratio")] double ImageSteps12Vs8Ratio,
    [property: JsonPropertyName("video_steps_12_vs_8_ratio")] double VideoSteps12Vs8Ratio,
    [property: JsonPropertyName("video_vs_image_frame_8_steps_ratio")] double VideoVsImageFrame8Ratio,
    [property: JsonPropertyName("video_vs_image_frame_12_steps_ratio")] double VideoVsImageFrame12Ratio,
    double VideoLastVsFirstFrameRatio);
