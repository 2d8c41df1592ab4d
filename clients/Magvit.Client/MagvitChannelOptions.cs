namespace Magvit.Client;

/// <summary>
/// Transport settings of the channels (grpc-dotnet's performance guidance): HTTP/2 keep-alive pings so that a dead
/// peer on an idle long stream is noticed, several HTTP/2 connections per endpoint when one runs out of streams,
/// message limits that fit the contract's 64 KiB chunks with room for large prompts.
/// </summary>
public sealed class MagvitChannelOptions
{
    /// <summary>Largest message sent, bytes.</summary>
    public int MaxSendMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest message received, bytes.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>A keep-alive ping after this much silence on a connection with active calls.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The connection is closed when a ping is not answered within this.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a TCP connection to an endpoint.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before reconnecting to an endpoint that failed (then growing up to <see cref="MaxReconnectBackoff"/>).</summary>
    public TimeSpan InitialReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between reconnection attempts.</summary>
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often <c>dns:///</c> addresses are resolved again (new pods join the round robin).</summary>
    public TimeSpan DnsRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Use TLS for <c>dns:///</c> addresses (<c>https://</c> addresses always do).</summary>
    public bool UseTls { get; set; }
}
