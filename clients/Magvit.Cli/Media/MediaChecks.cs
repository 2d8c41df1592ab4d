using Magvit.Client;
using Magvit.Media;

namespace Magvit.Cli.Media;

/// <summary>Checks that turn a late, obscure failure into an early message a person can act on.</summary>
internal static class MediaChecks
{
    /// <summary>ffmpeg and ffprobe are on PATH, or a <see cref="MediaToolMissingException"/> that says how to install them.</summary>
    public static void RequireFfmpeg()
    {
        foreach (var tool in new[] { FfmpegTools.Ffmpeg, FfmpegTools.Ffprobe })
        {
            FfmpegTools.Require(tool);
        }
    }

    /// <summary>
    /// <paramref name="video"/> cut to the frames of whole latent frames (a trailing partial latent frame would be
    /// dropped by the tokenizer anyway); a usage error when its size does not divide into tokens or it is too short.
    /// </summary>
    public static InputVideo WholeLatentFrames(InputVideo video, ModelDescription tokenizer)
    {
        var (frames, geometry) = (video.Frames, tokenizer.Geometry);
        var factor = geometry.SpatialFactor;
        if (frames.Width % factor != 0 || frames.Height % factor != 0)
        {
            throw Commands.CommandException.Usage(
                $"{frames.Width}×{frames.Height} frames do not divide into {factor}×{factor}-pixel tokens: choose --size (or --width/--height) as a multiple of {factor}.");
        }

        var whole = geometry.WholeLatentFrames(frames.Count);
        if (whole == 0)
        {
            throw Commands.CommandException.Usage($"the input gave {frames.Count} frames, too few for one latent frame.");
        }

        return video.Take((int)geometry.FirstFrame(whole));
    }
}
