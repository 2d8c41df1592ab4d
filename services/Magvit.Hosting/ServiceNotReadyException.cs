namespace Magvit.Hosting;

/// <summary>The model is still loading or the service is shutting down: UNAVAILABLE, retry elsewhere or later.</summary>
public sealed class ServiceNotReadyException : Exception
{
    /// <summary>The default message.</summary>
    public ServiceNotReadyException()
        : base("The service is not ready: the model is loading or the service is shutting down.")
    {
    }

    /// <summary>A custom message.</summary>
    public ServiceNotReadyException(string message)
        : base(message)
    {
    }

    /// <summary>A custom message and cause.</summary>
    public ServiceNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
