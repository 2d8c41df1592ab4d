namespace Magvit.Media;

/// <summary>ffmpeg or ffprobe is not installed: the message says how to get it.</summary>
public sealed class MediaToolMissingException : Exception
{
    /// <summary>The error for a missing <c>ffmpeg</c>.</summary>
    public MediaToolMissingException()
        : this(Describe("ffmpeg"))
    {
    }

    /// <summary>The error with <paramref name="message"/>.</summary>
    public MediaToolMissingException(string message)
        : base(message)
    {
    }

    /// <summary>The error with <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public MediaToolMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The actionable message for a missing <paramref name="tool"/>.</summary>
    public static string Describe(string tool)
        => $"{tool} not found on PATH: run scripts/install-test-deps.sh (installs Debian's ffmpeg, which brings ffprobe), "
           + "or: sudo apt-get install -y ffmpeg.";
}
