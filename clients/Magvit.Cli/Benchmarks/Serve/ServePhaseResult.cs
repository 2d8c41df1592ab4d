using System.Text.Json.Serialization;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>Tokenize or detokenize: the gRPC path against the in-process path on the same engine, and batching.</summary>
/// <param name="GrpcVsInprocRatio">Median over clip pairs of gRPC frames/s ÷ in-process frames/s (target ≥ 0.95).</param>
/// <param name="GrpcFramesPerSecond">Median frames/s of one gRPC stream, whole clips.</param>
/// <param name="InprocFramesPerSecond">Median frames/s of one in-process session, whole clips.</param>
/// <param name="GrpcForwardShare">Median share of a gRPC clip's wall time spent in the engine's forwards.</param>
/// <param name="InprocForwardShare">The same for in-process clips: the difference is overhead outside the model.</param>
/// <param name="FirstOutputMs">
/// Median time from sending the first unit (tokenize: frame 0; detokenize: latent frame 0) to receiving its first
/// output chunk over gRPC.
/// </param>
/// <param name="FirstUnitComputeMs">Median time of the same unit in-process: push to first output.</param>
/// <param name="FirstOutputVsComputeRatio">FirstOutputMs ÷ FirstUnitComputeMs (target ≤ 1.1).</param>
/// <param name="GrpcFirstUnitForwardMs">Median forward time of the first unit itself, as the engine measured it, in the gRPC samples.</param>
/// <param name="InprocFirstUnitForwardMs">The same in the in-process samples: if the two differ, the forward itself was slowed.</param>
/// <param name="Streams">Aggregate throughput at each concurrent stream count.</param>
/// <param name="Speedup8Vs1">Aggregate frames/s with 8 streams ÷ with 1 (target ≥ 1.5).</param>
internal sealed record ServePhaseResult(
    double GrpcVsInprocRatio,
    double GrpcFramesPerSecond,
    double InprocFramesPerSecond,
    double GrpcForwardShare,
    double InprocForwardShare,
    double FirstOutputMs,
    double FirstUnitComputeMs,
    double FirstOutputVsComputeRatio,
    double GrpcFirstUnitForwardMs,
    double InprocFirstUnitForwardMs,
    IReadOnlyList<StreamsPoint> Streams,
    [property: JsonPropertyName("speedup_8_vs_1")] double Speedup8Vs1);
