using System.Diagnostics;
using Magvit.Model.Generation;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>One in-process generation, timed: every token it produced and when each run of tokens was reported.</summary>
/// <param name="Tokens">Full ids in raster order over the whole grid (prompt positions stay −1).</param>
/// <param name="Generated">Tokens the model produced (prompt excluded).</param>
/// <param name="Elapsed">Wall time of the whole call.</param>
/// <param name="Reports">Elapsed time at each report: a latent row (autoregressive) or a latent frame (masked).</param>
internal sealed record TimedGeneration(long[] Tokens, int Generated, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Reports)
{
    /// <summary>Generated tokens per second of wall time.</summary>
    public double TokensPerSecond => Generated / Elapsed.TotalSeconds;

    /// <summary>Runs <paramref name="request"/> on <paramref name="generator"/> on this thread.</summary>
    public static TimedGeneration Run(ITokenGenerator generator, GenerationRequest request, CancellationToken cancellationToken)
    {
        var tokens = Enumerable.Repeat(-1L, request.Grid.Count).ToArray();
        var reports = new List<TimeSpan>();
        var generated = 0;
        var watch = Stopwatch.StartNew();
        generator.Generate(
            request,
            produced =>
            {
                reports.Add(watch.Elapsed);
                for (var i = 0; i < produced.Ids.Count; i++)
                {
                    tokens[produced.FirstIndex + i] = produced.Ids[i];
                }

                generated += produced.Ids.Count;
            },
            cancellationToken);
        return new TimedGeneration(tokens, generated, watch.Elapsed, reports);
    }
}
