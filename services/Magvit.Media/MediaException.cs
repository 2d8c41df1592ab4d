namespace Magvit.Media;

/// <summary>ffmpeg or ffprobe failed on a file: the message names the file and ends with the tool's own error.</summary>
public sealed class MediaException : Exception
{
    /// <summary>A media error with a default message.</summary>
    public MediaException()
        : base("A media file could not be read.")
    {
    }

    /// <summary>A media error with <paramref name="message"/>.</summary>
    public MediaException(string message)
        : base(message)
    {
    }

    /// <summary>A media error with <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public MediaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
