namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>Where a host started by <see cref="LoopbackService"/> listens, and whether it runs the conv numerics self-check first.</summary>
/// <param name="BindAddress">IP address to bind (127.0.0.1, 0.0.0.0, ::).</param>
/// <param name="GrpcPort">gRPC port.</param>
/// <param name="MetricsPort">Prometheus /metrics port.</param>
/// <param name="NumericsCheck">Check every conv shape against float64 before SERVING.</param>
internal sealed record HostEndpoints(string BindAddress, int GrpcPort, int MetricsPort, bool NumericsCheck)
{
    /// <summary>The host a client on this machine dials: loopback for the any-address binds.</summary>
    public string ClientHost => BindAddress switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" or "[::]" => "[::1]",
        _ when BindAddress.Contains(':', StringComparison.Ordinal) => $"[{BindAddress}]",
        _ => BindAddress,
    };
}
