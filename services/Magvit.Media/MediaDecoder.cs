using System.Globalization;

namespace Magvit.Media;

/// <summary>
/// Decodes any video, still image or image sequence to RGB24 frames through ffmpeg: optional frame-rate conversion,
/// trimming, then a centre square crop or a short-side fit, scaled with <c>flags=area</c> as the data notes
/// prescribe. Frames come back as PPM (each with its size), so no probe is needed. Rotation metadata is ignored
/// (<c>-noautorotate</c>): frames keep their stored orientation.
/// </summary>
public static class MediaDecoder
{
    /// <summary>Decodes <paramref name="path"/> (a glob pattern when <paramref name="isGlob"/>) as <paramref name="options"/> say.</summary>
    /// <exception cref="MediaToolMissingException">ffmpeg is not installed.</exception>
    /// <exception cref="MediaException">ffmpeg cannot read the file.</exception>
    public static RgbFrames Decode(string path, DecodeOptions options, bool isGlob = false)
    {
        options.Validate();
        RequireFile(path, isGlob);
        var filters = new List<string>();
        if (options.FrameRate is { } rate)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"fps={rate}"));
        }

        if (options.StartFrame > 0)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"trim=start_frame={options.StartFrame},setpts=PTS-STARTPTS"));
        }

        filters.Add(Fit(options));
        List<string> arguments = [.. Input(path, isGlob), "-vf", string.Join(',', filters)];
        if (options.MaxFrames is { } max)
        {
            arguments.AddRange(["-frames:v", max.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(Output);
        var bytes = FfmpegTools.Run(FfmpegTools.Ffmpeg, arguments, path);
        var frames = PpmStream.Frames(bytes, path);
        if (frames.Count == 0 || frames.Any(f => (f.Width, f.Height) != (frames[0].Width, frames[0].Height)))
        {
            throw new MediaException($"ffmpeg returned {frames.Count} frames of differing sizes for '{path}'.");
        }

        return PpmStream.Join(bytes, frames);
    }

    /// <summary>
    /// The first frame of <paramref name="path"/> once per entry of <paramref name="shortSides"/>, each scaled so its
    /// shorter side is that size — but never above the photo's own, nor below <paramref name="minimum"/> — in one
    /// ffmpeg run. Results follow <paramref name="shortSides"/>' order.
    /// </summary>
    public static IReadOnlyList<RgbFrames> DecodeStillScales(string path, IReadOnlyList<int> shortSides, int minimum)
    {
        ArgumentOutOfRangeException.ThrowIfZero(shortSides.Count);
        RequireFile(path, isGlob: false);
        var count = shortSides.Count;
        var outputs = Enumerable.Range(0, count).Select(i => $"[s{i}]").ToArray();
        var graph = $"[0:v]split={count}{string.Concat(Enumerable.Range(0, count).Select(i => $"[i{i}]"))};"
            + string.Join(';', Enumerable.Range(0, count).Select(i => $"[i{i}]{ShortSide(shortSides[i], minimum)}{outputs[i]}"));
        List<string> arguments = [.. Input(path, false), "-filter_complex", graph];
        foreach (var output in outputs)
        {
            arguments.AddRange(["-map", output, "-frames:v", "1", .. Output]);
        }

        var bytes = FfmpegTools.Run(FfmpegTools.Ffmpeg, arguments, path);
        var frames = PpmStream.Frames(bytes, path);
        if (frames.Count != count)
        {
            throw new MediaException($"ffmpeg returned {frames.Count} images for {count} scales of '{path}'.");
        }

        // Both outputs share stdout and may arrive in either order: match them by size (short sides are ascending-unique per scale).
        var bySize = frames.OrderBy(f => Math.Min(f.Width, f.Height)).ToList();
        var rank = shortSides.Select((s, i) => (s, i)).OrderBy(p => p.s).Select(p => p.i).ToArray();
        var result = new RgbFrames[count];
        for (var r = 0; r < count; r++)
        {
            result[rank[r]] = PpmStream.Join(bytes, [bySize[r]]);
        }

        return result;
    }

    private static string[] Input(string path, bool isGlob)
        => ["-nostdin", "-v", "error", "-noautorotate", .. isGlob ? (string[])["-f", "image2", "-pattern_type", "glob"] : [], "-i", path, "-an", "-sn"];

    private static readonly string[] Output = ["-f", "image2pipe", "-c:v", "ppm", "pipe:1"];

    /// <summary>The filters that fit a frame to the options' size, ending in RGB24.</summary>
    private static string Fit(DecodeOptions options)
    {
        var (w, h) = (options.TargetWidth, options.TargetHeight);
        return options.Fit switch
        {
            FrameFit.SquareCrop => string.Create(CultureInfo.InvariantCulture, $"crop='min(iw,ih)':'min(iw,ih)',scale={options.Size}:{options.Size}:flags=area,format=rgb24"),
            FrameFit.ShortSide => ShortSide(options.Size, options.Size),
            // The largest centred window of the target's aspect ratio (crop centres by default), then scaled.
            FrameFit.Cover => string.Create(CultureInfo.InvariantCulture, $"crop='min(iw,ih*{w}/{h})':'min(ih,iw*{h}/{w})',scale={w}:{h}:flags=area,format=rgb24"),
            FrameFit.Contain => string.Create(
                CultureInfo.InvariantCulture,
                $"format=rgb24,scale={w}:{h}:force_original_aspect_ratio=decrease:flags=area,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black,format=rgb24"),
            FrameFit.Stretch => string.Create(CultureInfo.InvariantCulture, $"scale={w}:{h}:flags=area,format=rgb24"),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Fit, "Unknown frame fit."),
        };
    }

    /// <summary>Scale so the shorter side is max(minimum, min(size, the source's)), aspect kept.</summary>
    private static string ShortSide(int size, int minimum)
    {
        var side = string.Create(CultureInfo.InvariantCulture, $"max({minimum},min({size},min(iw,ih)))");
        return $"scale='if(lte(iw,ih),{side},-1)':'if(lte(iw,ih),-1,{side})':flags=area,format=rgb24";
    }

    private static void RequireFile(string path, bool isGlob)
    {
        if (!isGlob && !File.Exists(path))
        {
            throw new FileNotFoundException($"No such media file: {path}", path);
        }
    }
}
