using System.Globalization;

namespace Magvit.Media;

/// <summary>
/// Writes RGB24 frames as a video or picture, chosen by the file's extension: <c>.mp4</c> (H.264 through libx264,
/// yuv420p so every player shows it, sizes padded to even), <c>.gif</c> (one palette made for the whole clip:
/// palettegen + paletteuse, looping) or <c>.png</c> (the frames side by side, <see cref="FrameStrip"/>). Frames go to
/// ffmpeg's stdin as raw video, so nothing is written besides the output.
/// </summary>
public static class MediaEncoder
{
    /// <summary>The extensions <see cref="Write"/> understands.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".mp4", ".gif", ".png"];

    /// <summary>Whether <paramref name="path"/> ends with one of <see cref="Extensions"/> (any case).</summary>
    public static bool CanWrite(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Writes <paramref name="frames"/> to <paramref name="path"/> in the format its extension names.</summary>
    /// <exception cref="ArgumentException">The extension is none of <see cref="Extensions"/>, or the options are invalid.</exception>
    /// <exception cref="MediaToolMissingException">ffmpeg is not installed (mp4, gif).</exception>
    /// <exception cref="MediaException">ffmpeg failed.</exception>
    public static void Write(string path, RgbFrames frames, EncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        options ??= new EncodeOptions();
        options.Validate();
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".mp4":
                WriteMp4(path, frames, options);
                break;
            case ".gif":
                WriteGif(path, frames, options);
                break;
            case ".png":
                FrameStrip.Write(path, [new StripRow(frames)], options.Scale);
                break;
            default:
                throw new ArgumentException($"Cannot write '{path}': the extension must be one of {string.Join(", ", Extensions)}.", nameof(path));
        }
    }

    /// <summary>H.264 in mp4: libx264 at <see cref="EncodeOptions.Crf"/>, yuv420p, width and height padded to even.</summary>
    public static void WriteMp4(string path, RgbFrames frames, EncodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Encode(path, frames, options, $"{Magnify(options.Scale)},pad=ceil(iw/2)*2:ceil(ih/2)*2",
            ["-c:v", "libx264", "-preset", "medium", "-crf", options.Crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p", "-movflags", "+faststart"]);
    }

    /// <summary>A looping gif with one 256-colour palette made from every frame.</summary>
    public static void WriteGif(string path, RgbFrames frames, EncodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Encode(path, frames, options, $"{Magnify(options.Scale)},split[a][b];[a]palettegen[p];[b][p]paletteuse", ["-loop", "0"]);
    }

    private static void Encode(string path, RgbFrames frames, EncodeOptions options, string filters, IEnumerable<string> codec)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfZero(frames.Count);
        string[] arguments =
        [
            "-nostdin", "-v", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{frames.Width}x{frames.Height}"),
            "-framerate", options.FrameRate.ToString("R", CultureInfo.InvariantCulture),
            "-i", "pipe:0",
            "-filter_complex", filters,
            .. codec,
            path,
        ];
        FfmpegTools.Run(FfmpegTools.Ffmpeg, arguments, path, frames.Data);
    }

    private static string Magnify(int scale) => string.Create(CultureInfo.InvariantCulture, $"scale=iw*{scale}:ih*{scale}:flags=neighbor");
}
