namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>One generator kind served over loopback gRPC by the real host, against its engine called in-process.</summary>
/// <param name="Model">What the hosts served.</param>
/// <param name="FirstToken">Time to first token (measured on the one-replica host).</param>
/// <param name="ThroughputLatentFrames">Latent frames per throughput request (the model's whole grid).</param>
/// <param name="ThroughputPasses">Passes over 1 and 4 concurrent requests.</param>
/// <param name="Replicas">Throughput per replica count.</param>
internal sealed record GrpcKindResult(string Model, FirstTokenResult FirstToken, int ThroughputLatentFrames, int ThroughputPasses, IReadOnlyList<ReplicaPoint> Replicas);
