using System.Net.Sockets;
using Grpc.Net.Client;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// Counts the bytes on the TCP connections of the channels it opens — what really crosses the wire, HTTP/2 frame
/// headers, HPACK headers, trailers and window updates included.
/// </summary>
internal sealed class WireTap
{
    private long received;
    private long sent;

    /// <summary>Bytes the client read from its connections so far.</summary>
    public long BytesReceived => Interlocked.Read(ref received);

    /// <summary>Bytes the client wrote to its connections so far.</summary>
    public long BytesSent => Interlocked.Read(ref sent);

    /// <summary>A channel to <paramref name="address"/> whose connections are counted.</summary>
    public GrpcChannel Open(string address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { ConnectCallback = ConnectAsync },
        DisposeHttpClient = true,
    });

    internal int Received(int count)
    {
        Interlocked.Add(ref received, count);
        return count;
    }

    internal void Sent(int count) => Interlocked.Add(ref sent, count);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        // As SocketsHttpHandler's own connect: Nagle off, so small gRPC messages are not held back.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new CountingStream(new NetworkStream(socket, ownsSocket: true), this);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
