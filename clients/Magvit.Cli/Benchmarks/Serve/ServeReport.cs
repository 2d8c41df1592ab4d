namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>The <c>bench serve --json</c> object.</summary>
/// <param name="Model">Model folder or <c>random:&lt;preset&gt;</c>.</param>
/// <param name="Transport">How the gRPC path ran.</param>
/// <param name="Size">Frame height = width.</param>
/// <param name="Frames">Frames per clip.</param>
/// <param name="Pairs">Pairs of one gRPC and one in-process clip behind the throughput ratio (medians are reported).</param>
/// <param name="FirstOutputSamples">Samples per path behind the time to first output.</param>
/// <param name="SweepPasses">Passes over the stream counts (up, then down).</param>
/// <param name="Quick">A smoke run.</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="NumericsCheck">Whether the hosts ran their conv numerics self-check at start (always false here).</param>
/// <param name="MaxBatchSize">The hosts' dynamic batching: most rows per forward.</param>
/// <param name="MaxBatchDelayMs">The hosts' dynamic batching: longest wait for more rows.</param>
/// <param name="Tokenize">Frames → tokens.</param>
/// <param name="Detokenize">Tokens → frames.</param>
/// <param name="Wire">Bytes per token on the wire.</param>
/// <param name="MissedTargets">Targets not met, e.g. <c>tokenize.speedup_8_vs_1 1.21 &lt; 1.5</c>; empty when all are.</param>
internal sealed record ServeReport(
    string Model,
    string Transport,
    int Size,
    int Frames,
    int Pairs,
    int FirstOutputSamples,
    int SweepPasses,
    bool Quick,
    int Threads,
    bool NumericsCheck,
    int MaxBatchSize,
    double MaxBatchDelayMs,
    ServePhaseResult Tokenize,
    ServePhaseResult Detokenize,
    WireResult Wire,
    IReadOnlyList<string> MissedTargets);
