using System.Globalization;
using System.Text.Json;

namespace Magvit.Media;

/// <summary>ffprobe of a file's first video stream: size, frame count (packets counted), frame rate, codec.</summary>
public static class MediaProbe
{
    /// <summary>
    /// Probes <paramref name="path"/>; a glob pattern (<paramref name="isGlob"/>, e.g. <c>dir/frame_*.jpg</c>) is read
    /// as one image sequence.
    /// </summary>
    /// <exception cref="MediaToolMissingException">ffprobe is not installed.</exception>
    /// <exception cref="MediaException">The file has no video stream or cannot be read.</exception>
    public static MediaInfo Probe(string path, bool isGlob = false)
    {
        string[] input = isGlob ? ["-f", "image2", "-pattern_type", "glob", "-i", path] : ["-i", path];
        string[] arguments =
        [
            "-v", "error", "-select_streams", "v:0", "-count_packets",
            "-show_entries", "stream=width,height,nb_read_packets,r_frame_rate,codec_name", "-of", "json", .. input,
        ];
        var json = FfmpegTools.Run(FfmpegTools.Ffprobe, arguments, path);
        using var document = JsonDocument.Parse(json);
        var streams = document.RootElement.TryGetProperty("streams", out var s) ? s : default;
        if (streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
        {
            throw new MediaException($"'{path}' has no video stream.");
        }

        var stream = streams[0];
        var width = stream.GetProperty("width").GetInt32();
        var height = stream.GetProperty("height").GetInt32();
        var frames = int.Parse(Text(stream, "nb_read_packets", "1"), CultureInfo.InvariantCulture);
        var codec = Text(stream, "codec_name", "unknown");
        return new MediaInfo(width, height, Math.Max(frames, 1), Rate(Text(stream, "r_frame_rate", "0/0")), codec);
    }

    private static string Text(JsonElement element, string name, string fallback)
        => element.TryGetProperty(name, out var value) ? value.ToString() : fallback;

    /// <summary>"30000/1001" → 29.97; "0/0" → 0.</summary>
    private static double Rate(string fraction)
    {
        var parts = fraction.Split('/');
        var numerator = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var denominator = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
        return denominator > 0 ? numerator / denominator : 0;
    }
}
