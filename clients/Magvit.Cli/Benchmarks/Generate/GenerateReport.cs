namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>The <c>bench generate --json</c> object.</summary>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="Rounds">Side-by-side pairs (or rounds) behind each in-process median.</param>
/// <param name="Quick">A smoke run.</param>
/// <param name="Autoregressive">KV cache and guidance, in-process.</param>
/// <param name="Masked">Latency per step and per latent frame, in-process.</param>
/// <param name="Grpc">Time to first token and concurrent throughput over loopback gRPC.</param>
/// <param name="ElapsedSeconds">Wall time of the whole benchmark.</param>
internal sealed record GenerateReport(
    int Threads,
    int Rounds,
    bool Quick,
    AutoregressiveResult Autoregressive,
    MaskedResult Masked,
    GrpcResult Grpc,
    double ElapsedSeconds);
