using System.Net.Http;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Magvit.Client.Channels;

/// <summary>
/// Builds one service's channel for long media streams: HTTP/2 keep-alive pings while calls are active (a peer that
/// vanished without closing the connection is noticed within delay + timeout), several HTTP/2 connections per endpoint
/// once one has 100 streams, connections kept while idle, short reconnect back-off (a restarted pod is back in
/// seconds). <c>dns:///</c> addresses resolve to every pod of a headless service, re-resolved periodically, with
/// round-robin balancing: pick_first, the default, would send every call to one pod.
/// </summary>
internal static class ChannelFactory
{
    /// <summary>The channel and what it owns besides (the resolver's service provider), for disposal.</summary>
    public static (GrpcChannel Channel, IDisposable? Owned) Create(string address, MagvitChannelOptions options, ILoggerFactory? loggerFactory)
    {
        var uri = new Uri(address, UriKind.Absolute);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = options.ConnectTimeout,
        };
        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = options.MaxSendMessageBytes,
            MaxReceiveMessageSize = options.MaxReceiveMessageBytes,
            InitialReconnectBackoff = options.InitialReconnectBackoff,
            MaxReconnectBackoff = options.MaxReconnectBackoff,
            LoggerFactory = loggerFactory,
        };

        ServiceProvider? resolvers = null;
        if (uri.Scheme == "dns")
        {
            // The built-in dns resolver resolves again only after a connection fails: register one with a refresh
            // interval so that pods added by a scale-up join the round robin.
            resolvers = new ServiceCollection().AddSingleton<ResolverFactory>(new DnsResolverFactory(options.DnsRefreshInterval)).BuildServiceProvider();
            channelOptions.ServiceProvider = resolvers;
            channelOptions.Credentials = options.UseTls ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
            channelOptions.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        }

        return (GrpcChannel.ForAddress(uri, channelOptions), resolvers);
    }
}
