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

    /// <summary>Runs <paramref name="measure"/>; returns its result and the forward seconds that ran meanwhile.</summary>
    public async Task<(TimeSpan Wall, double ModelSeconds)> TimeAsync(Func<Task<TimeSpan>> measure)
    {
        var before = Seconds;
        var wall = await measure().ConfigureAwait(false);
        return (wall, Seconds - before);
    }

    public void Dispose() => listener.Dispose();
}
