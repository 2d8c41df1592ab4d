using System.Globalization;

namespace Magvit.Training.Media;

/// <summary>
/// Decodes any video, still image or image sequence to RGB24 frames through ffmpeg (<c>-f rawvideo</c>): optional
/// frame-rate conversion, trimming, then a centre square crop or a short-side fit, scaled with <c>flags=area</c> as
/// the data notes prescribe. Rotation metadata is ignored (<c>-noautorotate</c>), so frames keep the stored
/// orientation and the size ffprobe reports.
/// </summary>
public static class MediaDecoder
{
    /// <summary>Decodes <paramref name="path"/> (a glob pattern when <paramref name="isGlob"/>) as <paramref name="options"/> say.</summary>
    /// <exception cref="MediaToolMissingException">ffmpeg or ffprobe is not installed.</exception>
    /// <exception cref="MediaException">ffmpeg cannot read the file.</exception>
    public static RgbFrames Decode(string path, DecodeOptions options, bool isGlob = false)
    {
        options.Validate();
        if (!isGlob && !File.Exists(path))
        {
            throw new FileNotFoundException($"No such media file: {path}", path);
        }

        var (width, height) = options.Fit == FrameFit.SquareCrop ? (options.Size, options.Size) : ShortSideSize(MediaProbe.Probe(path, isGlob), options.Size);
        var filters = new List<string>();
        if (options.FrameRate is { } rate)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"fps={rate}"));
        }

        if (options.StartFrame > 0)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"trim=start_frame={options.StartFrame},setpts=PTS-STARTPTS"));
        }

        if (options.Fit == FrameFit.SquareCrop)
        {
            filters.Add("crop='min(iw,ih)':'min(iw,ih)'");
        }

        filters.Add(string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=area,format=rgb24"));
        string[] input = isGlob ? ["-f", "image2", "-pattern_type", "glob", "-i", path] : ["-i", path];
        List<string> arguments = ["-nostdin", "-v", "error", "-noautorotate", .. input, "-an", "-sn", "-vf", string.Join(',', filters)];
        if (options.MaxFrames is { } max)
        {
            arguments.AddRange(["-frames:v", max.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        var bytes = FfmpegTools.Run(FfmpegTools.Ffmpeg, arguments, path);
        var frameBytes = width * height * 3;
        if (bytes.Length == 0 || bytes.Length % frameBytes != 0)
        {
            throw new MediaException($"ffmpeg returned {bytes.Length} bytes for '{path}', not a whole number of {width}×{height} RGB frames.");
        }

        return new RgbFrames(width, height, bytes.Length / frameBytes, bytes);
    }

    /// <summary>The (width, height) whose shorter side is <paramref name="size"/>, aspect ratio kept.</summary>
    public static (int Width, int Height) ShortSideSize(MediaInfo info, int size)
        => info.Width <= info.Height
            ? (size, Math.Max(size, (int)Math.Round((double)info.Height * size / info.Width)))
            : (Math.Max(size, (int)Math.Round((double)info.Width * size / info.Height)), size);
}
