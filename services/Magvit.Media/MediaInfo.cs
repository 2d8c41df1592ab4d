namespace Magvit.Media;

/// <summary>What ffprobe says about a file's first video stream.</summary>
/// <param name="Width">Stored width in pixels (before any rotation metadata, which decoding ignores).</param>
/// <param name="Height">Stored height in pixels.</param>
/// <param name="Frames">Frames (packets counted by ffprobe); 1 for a still image.</param>
/// <param name="FrameRate">Frames per second (the stream's r_frame_rate); 0 when unknown, as for stills.</param>
/// <param name="Codec">ffmpeg's codec name, e.g. "h264" or "mjpeg".</param>
public sealed record MediaInfo(int Width, int Height, int Frames, double FrameRate, string Codec);
