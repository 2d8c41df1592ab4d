using System.Runtime.CompilerServices;

namespace Magvit.Client.Pipeline;

/// <summary>
/// One pipeline run: nothing happens until <see cref="Frames"/> is enumerated (once); frames flow out while the
/// input still flows in; <see cref="Metrics"/> fills as it runs. Leaving the enumeration early ends every stage.
/// </summary>
public sealed class PipelineRun
{
    private readonly Func<PipelineMetrics, CancellationToken, IAsyncEnumerable<RgbFrame>> body;
    private readonly CancellationToken cancellationToken;
    private int started;

    internal PipelineRun(Func<PipelineMetrics, CancellationToken, IAsyncEnumerable<RgbFrame>> body, PipelineOptions options, CancellationToken cancellationToken)
    {
        this.body = body;
        this.cancellationToken = cancellationToken;
        Metrics = new PipelineMetrics(options);
        Frames = RunAsync(CancellationToken.None);
    }

    /// <summary>The output frames, in order.</summary>
    /// <exception cref="MagvitClientException">A stage failed (after any resumes).</exception>
    public IAsyncEnumerable<RgbFrame> Frames { get; }

    /// <summary>What the run observed so far.</summary>
    public PipelineMetrics Metrics { get; }

    private async IAsyncEnumerable<RgbFrame> RunAsync([EnumeratorCancellation] CancellationToken enumeration = default)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("A pipeline run can be enumerated once.");
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, enumeration);
        Metrics.Start();
        await foreach (var frame in body(Metrics, both.Token).WithCancellation(both.Token).ConfigureAwait(false))
        {
            Metrics.Frame();
            yield return frame;
        }

        Metrics.Finish();
    }
}
