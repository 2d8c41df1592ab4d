using System.Diagnostics.Metrics;
using Magvit.Runtime;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// Sums the engines' forward times as they report them (the runtime's <c>magvit.compute.duration</c>), so a
/// measurement can be split into model time and everything else: if a path is slower because its forwards are slower
/// (CPU contention), this shows it; if its forwards take as long and the path is still slower, the rest is overhead.
/// </summary>
internal sealed class ComputeClock : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Lock gate = new();
    private double seconds;

    public ComputeClock()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TokenizerEngine.MeterName && instrument.Name == "magvit.compute.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (gate)
            {
                seconds += value;
            }
        });
        listener.Start();
    }

    /// <summary>Forward seconds reported so far, by every engine of the process.</summary>
    public double Seconds
    {
        get
        {
            lock (gate)
            {
                return seconds;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="measure"/> on <paramref name="engine"/>; returns its result and the forward seconds that
    /// ran meanwhile.
    /// </summary>
    public async Task<(TimeSpan Wall, double ModelSeconds)> TimeAsync(TokenizerEngine engine, Func<Task<TimeSpan>> measure, CancellationToken cancellationToken)
    {
        var before = Seconds;
        var wall = await measure().ConfigureAwait(false);
        await SettleAsync(engine, cancellationToken).ConfigureAwait(false);
        return (wall, Seconds - before);
    }

    /// <summary>
    /// Waits until the engine's worker has recorded the forwards that ran so far: it publishes a batch's results
    /// before it records the batch's duration, so a caller can see its last result first. A statistics snapshot runs
    /// on the worker between batches, after that record.
    /// </summary>
    public static Task SettleAsync(TokenizerEngine engine, CancellationToken cancellationToken) => engine.GetStatisticsAsync(cancellationToken);

    public void Dispose() => listener.Dispose();
}
