using System.Diagnostics.Metrics;
using Magvit.Runtime.Work;

namespace Magvit.Runtime.Telemetry;

/// <summary>
/// The runtime's instruments on the <see cref="TokenizerEngine.MeterName"/> meter. Names follow OpenTelemetry, so a
/// Prometheus exporter shows magvit_queue_depth, magvit_queue_wait_seconds, magvit_batch_size, … — the signals the
/// autoscaler reads (queue wait over compute time).
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    /// <summary>
    /// Bucket bounds for waits and forwards, 1 ms … 10 s. Without advice exporters use OpenTelemetry's default bounds
    /// (0, 5, 10, 25 … 10,000, meant for milliseconds), which put every wait and forward in the first bucket.
    /// </summary>
    private static readonly InstrumentAdvice<double> SecondsAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>Bucket bounds for batch rows: powers of two up to the largest MaxBatchSize.</summary>
    private static readonly InstrumentAdvice<int> RowsAdvice = new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] };

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Histogram<double> queueWait;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> computeDuration;
    private readonly Counter<long> frames;
    private readonly Counter<long> tokens;
    private readonly Counter<long> errors;

    /// <summary>Instruments on a meter from <paramref name="meterFactory"/>, or on an own meter when null.</summary>
    public RuntimeMetrics(IMeterFactory? meterFactory, Func<int> queueDepth)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(TokenizerEngine.MeterName) ?? new Meter(TokenizerEngine.MeterName);
        meter.CreateObservableGauge("magvit.queue.depth", queueDepth, "{item}", "Work items waiting for a worker.");
        queueWait = meter.CreateHistogram("magvit.queue.wait", "s", "Time from admission to the start of the item's batch.", null, SecondsAdvice);
        batchSize = meter.CreateHistogram("magvit.batch.size", "{row}", "Rows stacked into one forward.", null, RowsAdvice);
        computeDuration = meter.CreateHistogram("magvit.compute.duration", "s", "Wall time of one batched forward.", null, SecondsAdvice);
        frames = meter.CreateCounter<long>("magvit.frames", "{frame}", "Pixel frames encoded or decoded.");
        tokens = meter.CreateCounter<long>("magvit.tokens", "{token}", "Token ids produced or consumed.");
        errors = meter.CreateCounter<long>("magvit.errors", "{error}", "Work refused, cancelled or failed, by reason.");
    }

    /// <summary>The meter, for listeners that filter on it.</summary>
    public Meter Meter => meter;

    /// <summary>Records how long an item waited.</summary>
    public void QueueWait(TimeSpan wait, WorkKind kind) => queueWait.Record(wait.TotalSeconds, Tag(kind));

    /// <summary>Records one forward of <paramref name="rows"/> rows.</summary>
    public void Batch(WorkKind kind, int rows, TimeSpan compute, long frameCount, long tokenCount)
    {
        var op = Tag(kind);
        batchSize.Record(rows, op);
        computeDuration.Record(compute.TotalSeconds, op);
        frames.Add(frameCount, op);
        tokens.Add(tokenCount, op);
    }

    /// <summary>Counts an error: queue_full, cancelled, discarded, compute, stream_ended or shutdown.</summary>
    public void Error(string reason) => errors.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }

    private static KeyValuePair<string, object?> Tag(WorkKind kind)
        => new("op", kind == WorkKind.Encode ? "encode" : "decode");
}
