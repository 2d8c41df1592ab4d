using Magvit.Client;
using Magvit.Media;

namespace Magvit.Cli.Media;

/// <summary>A decoded input: its frames and the rate they play at.</summary>
/// <param name="Frames">RGB24 frames.</param>
/// <param name="FrameRate">Frames per second (the source's, or the --fps it was resampled to).</param>
internal sealed record InputVideo(RgbFrames Frames, double FrameRate)
{
    /// <summary>Frame rate used when nothing says otherwise.</summary>
    public const double DefaultFrameRate = 8;

    /// <summary>Decodes <paramref name="path"/> with <paramref name="options"/> (ffmpeg), probing its frame rate.</summary>
    /// <exception cref="Commands.CommandException">The file does not exist (usage).</exception>
    public static InputVideo Decode(string path, DecodeOptions options)
    {
        if (!File.Exists(path))
        {
            throw Commands.CommandException.Usage($"no such input file: {path}");
        }

        var rate = options.FrameRate ?? MediaProbe.Probe(path).FrameRate;
        return new InputVideo(MediaDecoder.Decode(path, options), rate > 0 ? rate : DefaultFrameRate);
    }

    /// <summary>The first <paramref name="count"/> frames.</summary>
    public InputVideo Take(int count) => this with { Frames = FrameConversion.Take(Frames, count) };

    /// <summary>The frames as the client library's records.</summary>
    public VideoFrames ToVideoFrames() => VideoFrames.Of(FrameConversion.ToRgbFrames(Frames));

    /// <summary>The rate as an exact fraction (milli-frames per second).</summary>
    public FrameRate ExactRate => new((uint)Math.Round(FrameRate * 1000), 1000);
}
