namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>One generator kind served over loopback gRPC by the real host, against its engine called in-process.</summary>
/// <param name="Model">What the hosts served.</param>
/// <param name="FirstTokenMessage">What counts as the first streamed token: TokenRows (autoregressive, stream_rows) or the first TokenChunk (masked).</param>
/// <param name="FirstTokenLatentFrames">Latent frames requested by the first-token samples.</param>
/// <param name="FirstTokenSamples">Samples per path.</param>
/// <param name="GrpcFirstTokenMs">Median time from starting the call to receiving the first generated token message.</param>
/// <param name="ServerFirstTokenMs">Median time to first token as the server measured it (GenerationSummary.time_to_first_token).</param>
/// <param name="InprocFirstTokenMs">Median time from handing the same request to the host's engine to its first generated run of tokens.</param>
/// <param name="GrpcVsInprocFirstTokenRatio">Median over side-by-side pairs of gRPC ÷ in-process time to first token.</param>
/// <param name="ThroughputLatentFrames">Latent frames per throughput request (the model's whole grid).</param>
/// <param name="ThroughputPasses">Passes over 1 and 4 concurrent requests.</param>
/// <param name="Replicas">Throughput per replica count.</param>
internal sealed record GrpcKindResult(
    string Model,
    string FirstTokenMessage,
    int FirstTokenLatentFrames,
    int FirstTokenSamples,
    double GrpcFirstTokenMs,
    double ServerFirstTokenMs,
    double InprocFirstTokenMs,
    double GrpcVsInprocFirstTokenRatio,
    int ThroughputLatentFrames,
    int ThroughputPasses,
    IReadOnlyList<ReplicaPoint> Replicas);
