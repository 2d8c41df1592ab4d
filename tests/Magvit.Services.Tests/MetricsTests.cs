using System.Text.RegularExpressions;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>
/// The Prometheus text on the metrics port. Hosts here share one process, and OpenTelemetry subscribes to meters by
/// name: each scrape also shows the other hosts' instruments, and a disposed host's meters take the same-named
/// streams of the others with them. So these tests use hosts of their own that live as long as the class (a service
/// process has a single host).
/// </summary>
public sealed class MetricsTests(ServicesFixture services) : IClassFixture<ServicesFixture>
{
    [Fact]
    public async Task Metrics_AfterTraffic_ExposeTheRuntimeInstruments()
    {
        await services.AssertServingAndIdleAsync();

        var tokenizer = await services.Tokenizer.WaitForMetricsAsync(
            "# TYPE magvit_queue_depth gauge",
            "# TYPE magvit_queue_wait_seconds histogram",
            "# TYPE magvit_batch_size histogram",
            "# TYPE magvit_compute_duration_seconds histogram",
            "# TYPE magvit_frames_total counter",
            "# TYPE magvit_tokens_total counter");
        var detokenizer = await services.Detokenizer.WaitForMetricsAsync("# TYPE magvit_compute_duration_seconds histogram");

        Assert.Matches(Sample("magvit_frames_total", "op=\"encode\""), tokenizer);
        Assert.Matches(Sample("magvit_tokens_total", "op=\"encode\""), tokenizer);
        Assert.Matches(Sample("magvit_batch_size_count", "op=\"encode\""), tokenizer);
        Assert.Matches(Sample("magvit_compute_duration_seconds_count", "op=\"encode\""), tokenizer);
        Assert.Matches(Sample("magvit_frames_total", "op=\"decode\""), detokenizer);
        Assert.Matches(Sample("magvit_tokens_total", "op=\"decode\""), detokenizer);
    }

    [Fact]
    public async Task Metrics_AfterABadRequest_CountTheRpcErrorByMethodAndCode()
    {
        await RpcAssert.InvalidArgumentAsync(
            () => services.TokenizerClient.TokenizeImageAsync(new TokenizeImageRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync, "image");

        var text = await services.Tokenizer.WaitForMetricsAsync("# TYPE magvit_rpc_errors_total counter", "# TYPE magvit_streams_active gauge");

        Assert.Matches(Sample("magvit_rpc_errors_total", "code=\"InvalidArgument\",method=\"/magvit.v1.TokenizerService/TokenizeImage\""), text);
        Assert.DoesNotContain("code=\"Internal\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_DurationAndBatchHistograms_HaveBucketsAtTheirScale()
    {
        await services.AssertServingAndIdleAsync();

        var text = await services.Tokenizer.WaitForMetricsAsync("magvit_compute_duration_seconds_bucket", "magvit_stream_time_to_first_chunk_seconds_bucket");

        // Forwards and queue waits take milliseconds, batches hold a few rows: buckets must resolve that, not
        // lump everything below 5 (seconds or rows) into the first bucket.
        Assert.Matches(Bucket("magvit_compute_duration_seconds", "0.01"), text);
        Assert.Matches(Bucket("magvit_queue_wait_seconds", "0.001"), text);
        Assert.Matches(Bucket("magvit_stream_time_to_first_chunk_seconds", "0.01"), text);
        Assert.Matches(Bucket("magvit_batch_size", "2"), text);
    }

    private static Regex Sample(string name, string labels) => new($@"(?m)^{Regex.Escape(name)}\{{[^}}]*{Regex.Escape(labels)}[^}}]*\}} [1-9]");

    private static Regex Bucket(string name, string le) => new($@"(?m)^{Regex.Escape(name)}_bucket\{{[^}}]*le=""{Regex.Escape(le)}""\}} \d");
}
