using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Magvit.Hosting;

/// <summary>Service-level metrics (the runtime's queue and batch metrics come from its own meter).</summary>
public sealed class ServiceMetrics
{
    /// <summary>The <see cref="Meter"/> name.</summary>
    public const string MeterName = "Magvit.Service";

    // Without advice exporters use OpenTelemetry's default bounds (0, 5, 10, 25 … 10,000, meant for milliseconds),
    // which put every first chunk in one bucket. First chunks take milliseconds; streams last seconds to an hour.
    private static readonly InstrumentAdvice<double> FirstChunkAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly InstrumentAdvice<double> StreamAdvice = new()
    {
        HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600],
    };

    private readonly Counter<long> errors;
    private readonly Histogram<double> streamSeconds;
    private readonly Histogram<double> timeToFirstChunk;

    /// <summary>Instruments on <paramref name="meterFactory"/>'s meter; <paramref name="admission"/> feeds the streams gauge.</summary>
    public ServiceMetrics(IMeterFactory meterFactory, StreamAdmission admission)
    {
        var meter = meterFactory.Create(MeterName);
        errors = meter.CreateCounter<long>("magvit.rpc.errors", description: "Calls that ended with a non-OK status, by method and code.");
        streamSeconds = meter.CreateHistogram("magvit.stream.duration", "s", "Duration of streaming calls.", null, StreamAdvice);
        timeToFirstChunk = meter.CreateHistogram("magvit.stream.time_to_first_chunk", "s", "From a stream's first input to its first output chunk.", null, FirstChunkAdvice);
        meter.CreateObservableGauge("magvit.streams.active", () => admission.Active, description: "Streams running now.");
    }

    /// <summary>Counts a failed call.</summary>
    public void RecordError(string method, StatusCode code)
        => errors.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("code", code.ToString()));

    /// <summary>Records a finished stream.</summary>
    public void RecordStream(string method, TimeSpan duration, TimeSpan? firstChunk)
    {
        streamSeconds.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("method", method));
        if (firstChunk is { } first)
        {
            timeToFirstChunk.Record(first.TotalSeconds, new KeyValuePair<string, object?>("method", method));
        }
    }
}
