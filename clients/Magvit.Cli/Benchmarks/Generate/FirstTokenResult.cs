namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>Time to the first streamed token over gRPC against the host's engine called in-process (medians).</summary>
/// <param name="Message">What counts as the first token: TokenRows (autoregressive, stream_rows) or the first TokenChunk (masked).</param>
/// <param name="LatentFrames">Latent frames requested per sample.</param>
/// <param name="Samples">Samples per path (the paths alternate).</param>
/// <param name="GrpcMs">From starting the call to receiving the first generated token message.</param>
/// <param name="ServerMs">The same as the server measured it (GenerationSummary.time_to_first_token: request in, message written).</param>
/// <param name="ClientMinusServerMs">
/// Median over the gRPC samples of client − server time: what the transport adds, measured within one call and so free
/// of the load drift between neighbouring calls.
/// </param>
/// <param name="InprocMs">From handing the same request to the host's engine to its first run of tokens.</param>
/// <param name="GrpcVsInprocRatio">Median over side-by-side pairs of gRPC ÷ in-process.</param>
internal sealed record FirstTokenResult(
    string Message,
    int LatentFrames,
    int Samples,
    double GrpcMs,
    double ServerMs,
    double ClientMinusServerMs,
    double InprocMs,
    double GrpcVsInprocRatio);
