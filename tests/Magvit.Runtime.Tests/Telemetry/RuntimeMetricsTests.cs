using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Magvit.Model.Tokenizer;

namespace Magvit.Runtime.Tests.Telemetry;

public sealed class RuntimeMetricsTests
{
    private const int Size = 16;

    [Fact]
    public async Task Instruments_QueuedImagesRunAsOneBatch_RecordDepthWaitBatchSizeAndErrors()
    {
        using var meters = new TestMeterFactory();
        using var engine = new TokenizerEngine(
            () => TestSupport.Model(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 60),
            new TokenizerEngineOptions { MaxQueue = 3, MaxBatchDelay = TimeSpan.FromMilliseconds(20) },
            meterFactory: meters);
        var measurements = new ConcurrentQueue<(string Name, double Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tag(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tag(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tag(tags))));
        listener.Start();
        var image = TestSupport.Frames(1, Size, Size, seed: 61);

        Task<IReadOnlyList<int[]>>[] calls;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            calls = Enumerable.Range(0, 3).Select(_ => engine.EncodeImagesAsync([image], Size, Size, CancellationToken.None)).ToArray();
            await Assert.ThrowsAsync<QueueFullException>(() => engine.EncodeImagesAsync([image], Size, Size, CancellationToken.None));
            listener.RecordObservableInstruments();
        }

        await Task.WhenAll(calls).WaitAsync(TestSupport.Timeout);
        var recorded = measurements.ToList();

        Assert.Contains(("magvit.queue.depth", 3.0, (string?)null), recorded);
        Assert.Contains(("magvit.batch.size", 3.0, "encode"), recorded);
        Assert.Contains(("magvit.frames", 3.0, "encode"), recorded);
        Assert.Contains(("magvit.tokens", 3.0 * 2 * 2, "encode"), recorded);
        Assert.Contains(("magvit.errors", 1.0, "queue_full"), recorded);
        Assert.Equal(3, recorded.Count(m => m.Name == "magvit.queue.wait"));
        Assert.Single(recorded, m => m.Name == "magvit.compute.duration" && m.Value > 0);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        => tags.Length == 0 ? null : tags[0].Value as string;

    /// <summary>Meters scoped to one test, so other engines' measurements stay out.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Scope = this });
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }
}
