using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Magvit.Hosting;

/// <summary>Service-level metrics (the runtime's queue and batch metrics come from its own meter).</summary>
public sealed class ServiceMetrics
{
    /// <summary>The <see cref="Meter"/> name.</summary>
    public const string MeterName = "Magvit.Service";

    private readonly Counter<long> errors;
    private readonly Histogram<double> streamSeconds;
    private readonly Histogram<double> timeToFirstChunk;

    /// <summary>Instruments on <paramref name="meterFactory"/>'s meter; <paramref name="admission"/> feeds the streams gauge.</summary>
    public ServiceMetrics(IMeterFactory meterFactory, StreamAdmission admission)
    {
        var meter = meterFactory.Create(MeterName);
        errors = meter.CreateCounter<long>("magvit.rpc.errors", description: "Calls that ended with a non-OK status, by method and code.");
        streamSeconds = meter.CreateHistogram<double>("magvit.stream.duration", unit: "s", description: "Duration of streaming calls.");
        timeToFirstChunk = meter.CreateHistogram<double>("magvit.stream.time_to_first_chunk", unit: "s", description: "From a stream's first input to its first output chunk.");
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
