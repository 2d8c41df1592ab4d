namespace Magvit.Hosting;

/// <summary>
/// Options of a MagvitGrpc service, section <c>Magvit</c> (environment: <c>Magvit__MaxBatchSize=8</c>). Validated at
/// start: a service with bad options does not start.
/// </summary>
public sealed class MagvitHostOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Magvit";

    /// <summary>Address the gRPC and metrics endpoints bind to (127.0.0.1 for tests, 0.0.0.0 in containers).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>gRPC port (HTTP/2 cleartext); 0 picks a free port.</summary>
    public int GrpcPort { get; set; } = 5000;

    /// <summary>Prometheus scrape port (HTTP/1.1, path /metrics); 0 picks a free port.</summary>
    public int MetricsPort { get; set; } = 9090;

    /// <summary>Model folder (model.safetensors + config.json) or checkpoint. Empty: random weights of <see cref="Preset"/>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Preset for random weights when no ModelPath is given (tests, smoke runs).</summary>
    public string? Preset { get; set; }

    /// <summary>Use the EMA copy of a Lightning checkpoint.</summary>
    public bool UseEma { get; set; }

    /// <summary>Kind for video checkpoints without config.json: Video or CausalVideo.</summary>
    public string VideoKind { get; set; } = "Video";

    /// <summary>cpu or cuda.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>libtorch intra-op threads; 0 keeps libtorch's default (all cores).</summary>
    public int Threads { get; set; }

    /// <summary>Model copies, each on its own worker thread (generator: generations that run at the same time).</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Most work items run in one forward.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How long a worker waits for more compatible items before running a batch.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Work items waiting at most; beyond it requests get RESOURCE_EXHAUSTED.</summary>
    public int MaxQueue { get; set; } = 64;

    /// <summary>Concurrent streams admitted; beyond it new streams get RESOURCE_EXHAUSTED.</summary>
    public int MaxStreams { get; set; } = 32;

    /// <summary>Largest frame width accepted.</summary>
    public int MaxWidth { get; set; } = 1024;

    /// <summary>Largest frame height accepted.</summary>
    public int MaxHeight { get; set; } = 1024;

    /// <summary>Largest gRPC message received, bytes (frame chunks are at most 64 KiB).</summary>
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Run the conv numerics check against float64 before reporting SERVING.</summary>
    public bool NumericsCheck { get; set; } = true;

    /// <summary>How long shutdown waits for running streams to drain.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
