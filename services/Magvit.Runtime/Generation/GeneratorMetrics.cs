using System.Diagnostics.Metrics;

namespace Magvit.Runtime.Generation;

/// <summary>
/// The generator's instruments on the runtime meter (<see cref="TokenizerEngine.MeterName"/>). Queue depth and wait
/// share the tokenizer's names, so one autoscaling rule fits every service; generation time and tokens are its own.
/// </summary>
internal sealed class GeneratorMetrics : IDisposable
{
    private static readonly InstrumentAdvice<double> SecondsAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Histogram<double> queueWait;
    private readonly Histogram<double> jobDuration;
    private readonly Counter<long> tokens;
    private readonly Counter<long> errors;

    /// <summary>Instruments on a meter from <paramref name="meterFactory"/>, or on an own meter when null.</summary>
    public GeneratorMetrics(IMeterFactory? meterFactory, Func<int> queueDepth)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(TokenizerEngine.MeterName) ?? new Meter(TokenizerEngine.MeterName);
        meter.CreateObservableGauge("magvit.queue.depth", queueDepth, "{item}", "Work items waiting for a worker.");
        queueWait = meter.CreateHistogram("magvit.queue.wait", "s", "Time from admission to the start of the item's work.", null, SecondsAdvice);
        jobDuration = meter.CreateHistogram("magvit.generation.duration", "s", "Wall time of one generation or scoring on a worker.", null, SecondsAdvice);
        tokens = meter.CreateCounter<long>("magvit.generated.tokens", "{token}", "Tokens generated.");
        errors = meter.CreateCounter<long>("magvit.errors", "{error}", "Work refused, cancelled or failed, by reason.");
    }

    /// <summary>Records how long a job waited.</summary>
    public void QueueWait(TimeSpan wait, string op) => queueWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("op", op));

    /// <summary>Records one job's run time.</summary>
    public void Job(TimeSpan duration, string op) => jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("op", op));

    /// <summary>Counts generated tokens.</summary>
    public void Tokens(long count) => tokens.Add(count);

    /// <summary>Counts an error by reason.</summary>
    public void Error(string reason) => errors.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
