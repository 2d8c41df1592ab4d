namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>Aggregate throughput with <paramref name="Streams"/> concurrent gRPC streams of one clip each.</summary>
/// <param name="Streams">Concurrent streams.</param>
/// <param name="FramesPerSecond">All streams' frames over the wall time from the first call's start to the last call's end.</param>
/// <param name="Speedup">Over one stream.</param>
/// <param name="MeanBatchRows">Rows per forward the engine ran meanwhile: how well dynamic batching stacked the streams.</param>
/// <param name="ForwardMsPerRow">
/// Forward time per batch row (one stream's unit): if it does not fall as rows per forward grow, a batched forward
/// costs as much per stream as a lone one, and batching cannot raise throughput on this machine.
/// </param>
internal sealed record StreamsPoint(int Streams, double FramesPerSecond, double Speedup, double MeanBatchRows, double ForwardMsPerRow);
