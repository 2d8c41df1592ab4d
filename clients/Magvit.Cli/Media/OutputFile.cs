using Magvit.Media;

namespace Magvit.Cli.Media;

/// <summary>Checks output paths before any work starts, and writes frames to them.</summary>
internal static class OutputFile
{
    /// <summary>The full path of <paramref name="path"/> when its extension is one of <paramref name="extensions"/>; else a usage error.</summary>
    public static string Require(string path, IReadOnlyList<string> extensions)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!extensions.Contains(extension))
        {
            throw Commands.CommandException.Usage($"cannot write '{path}': the output must end in {string.Join(", ", extensions)}.");
        }

        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } directory && !Directory.Exists(directory))
        {
            throw Commands.CommandException.Usage($"cannot write '{path}': the folder {directory} does not exist.");
        }

        return full;
    }

    /// <summary>Writes <paramref name="frames"/> as <paramref name="path"/>'s extension says (mp4, gif, png strip).</summary>
    public static void WriteFrames(string path, RgbFrames frames, double frameRate, int scale)
        => MediaEncoder.Write(path, frames, new EncodeOptions { FrameRate = frameRate, Scale = scale });
}
