using System.Text.Json.Serialization;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>Aggregate gRPC throughput of one generator host: one request alone against four at once.</summary>
/// <param name="Replicas">Model copies in the host, each with its own worker: generations that run at the same time.</param>
/// <param name="OneRequestTokensPerSecond">Median generated tokens/s of one request at a time.</param>
/// <param name="FourRequestsTokensPerSecond">Median total generated tokens/s of four concurrent requests.</param>
/// <param name="Concurrent4Vs1Ratio">Median over passes of four-request ÷ one-request tokens/s.</param>
/// <param name="FourRequestsQueueMs">Median of the four requests' mean wait for a worker, as the server reports it.</param>
internal sealed record ReplicaPoint(
    int Replicas,
    double OneRequestTokensPerSecond,
    double FourRequestsTokensPerSecond,
    [property: JsonPropertyName("concurrent_4_vs_1_ratio")] double Concurrent4Vs1Ratio,
    double FourRequestsQueueMs);
