namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// Two measurements run as neighbours, round after round, alternating which goes first (A B, B A, A B …): on a
/// shared machine only neighbouring runs see the same load, and alternation lets a drift favour neither.
/// </summary>
internal static class SideBySide
{
    /// <summary>The (A, B) result of each round.</summary>
    public static List<(TA A, TB B)> Run<TA, TB>(int rounds, Func<TA> a, Func<TB> b)
    {
        var pairs = new List<(TA, TB)>();
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                var first = a();
                pairs.Add((first, b()));
            }
            else
            {
                var first = b();
                pairs.Add((a(), first));
            }
        }

        return pairs;
    }

    /// <summary>The asynchronous form of <see cref="Run{TA, TB}"/>.</summary>
    public static async Task<List<(TA A, TB B)>> RunAsync<TA, TB>(int rounds, Func<Task<TA>> a, Func<Task<TB>> b)
    {
        var pairs = new List<(TA, TB)>();
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                var first = await a().ConfigureAwait(false);
                pairs.Add((first, await b().ConfigureAwait(false)));
            }
            else
            {
                var first = await b().ConfigureAwait(false);
                pairs.Add((await a().ConfigureAwait(false), first));
            }
        }

        return pairs;
    }
}
