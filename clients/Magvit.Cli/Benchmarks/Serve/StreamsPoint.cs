namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>Aggregate throughput with <paramref name="Streams"/> concurrent gRPC streams of one clip each.</summary>
/// <param name="Streams">Concurrent streams.</param>
/// <param name="FramesPerSecond">All streams' frames over the wall time from the first call's start to the last call's end.</param>
/// <param name="Speedup">Over one stream.</param>
/// <param name="MeanBatchRows">Rows per forward the engine ran meanwhile: how well dynamic batching stacked the streams.</param>
internal sealed record StreamsPoint(int Streams, double FramesPerSecond, double Speedup, double MeanBatchRows);
