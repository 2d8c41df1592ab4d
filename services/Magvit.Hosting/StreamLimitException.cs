namespace Magvit.Hosting;

/// <summary>The service already runs its maximum of concurrent streams: RESOURCE_EXHAUSTED.</summary>
public sealed class StreamLimitException : Exception
{
    /// <summary>The default message.</summary>
    public StreamLimitException()
        : base("Too many concurrent streams on this replica; retry with back-off.")
    {
    }

    /// <summary>A custom message.</summary>
    public StreamLimitException(string message)
        : base(message)
    {
    }

    /// <summary>A custom message and cause.</summary>
    public StreamLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
