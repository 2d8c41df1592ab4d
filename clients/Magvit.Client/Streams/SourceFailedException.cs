namespace Magvit.Client.Streams;

/// <summary>
/// The caller's input failed (its enumerable threw, or gave a frame of the wrong size): the stream ends with the
/// caller's own exception (<see cref="Exception.InnerException"/>), never resumed.
/// </summary>
internal sealed class SourceFailedException : Exception
{
    public SourceFailedException(Exception innerException)
        : base("The stream's input failed.", innerException)
    {
    }

    public SourceFailedException()
    {
    }

    public SourceFailedException(string message)
        : base(message)
    {
    }

    public SourceFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
