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
        queueWait = meter.CreateHistogram<double>("magvit.queue.wait", "s", "Time from admission to the start of the item's batch.");
        batchSize = meter.CreateHistogram<int>("magvit.batch.size", "{row}", "Rows stacked into one forward.");
        computeDuration = meter.CreateHistogram<double>("magvit.compute.duration", "s", "Wall time of one batched forward.");
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
