namespace Magvit.Runtime;

/// <summary>
/// The inference queue holds <see cref="TokenizerEngineOptions.MaxQueue"/> items already: the work was refused at
/// once rather than buffered. Services map it to RESOURCE_EXHAUSTED; callers retry later, with back-off.
/// </summary>
public sealed class QueueFullException : Exception
{
    /// <summary>A queue-full error with a default message.</summary>
    public QueueFullException()
        : base("The inference queue is full.")
    {
    }

    /// <summary>A queue-full error with <paramref name="message"/>.</summary>
    public QueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>A queue-full error caused by <paramref name="innerException"/>.</summary>
    public QueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
