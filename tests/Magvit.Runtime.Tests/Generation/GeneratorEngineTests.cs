using Magvit.Model.Generation;
using Magvit.Runtime.Generation;

namespace Magvit.Runtime.Tests.Generation;

public sealed class GeneratorEngineTests
{
    private static GeneratorEngine Engine(int maxQueue = 4, int replicas = 1)
        => new(() => GeneratorCheckpoint.CreateRandom("ar-tiny-video", seed: 3), new GeneratorEngineOptions { MaxQueue = maxQueue, Replicas = replicas });

    private static GenerationRequest Request(GeneratorDescription d, long seed) => new(
        new TokenGrid(d.MaxFrames, d.Height, d.Width),
        GenerationCondition.Unconditional,
        new SamplingOptions { Seed = seed });

    private static async Task<List<long>> ReadAsync(GenerationRun run)
    {
        var ids = new List<long>();
        await foreach (var produced in run.ReadAllAsync(CancellationToken.None).WithCancellation(CancellationToken.None))
        {
            ids.AddRange(produced.Ids);
        }

        return ids;
    }

    [Fact]
    public async Task Generate_ProducesTheWholeGridAndEqualsTheModelCalledDirectly()
    {
        using var engine = Engine();
        var request = Request(engine.Description, seed: 7);
        using var direct = GeneratorCheckpoint.CreateRandom("ar-tiny-video", seed: 3);
        var expected = new List<long>();
        direct.Generate(request, produced => expected.AddRange(produced.Ids), CancellationToken.None);

        var ids = await ReadAsync(engine.Generate(request, CancellationToken.None)).WaitAsync(TestSupport.Timeout);

        Assert.Equal(request.Grid.Count, ids.Count);
        Assert.Equal(expected, ids);
        Assert.Equal(1, engine.Statistics.Completed);
    }

    [Fact]
    public async Task Generate_QueueFull_ThrowsAtOnceAndServesTheAdmitted()
    {
        using var engine = Engine(maxQueue: 1);
        var request = Request(engine.Description, seed: 1);
        var runs = new List<GenerationRun>();
        var refused = 0;
        for (var i = 0; i < 6; i++)
        {
            try
            {
                runs.Add(engine.Generate(request, CancellationToken.None));
            }
            catch (QueueFullException)
            {
                refused++;
            }
        }

        var results = await Task.WhenAll(runs.Select(ReadAsync)).WaitAsync(TestSupport.Timeout);

        // The queue holds one job; the worker may or may not have taken the first before the loop went on.
        Assert.InRange(refused, 4, 5);
        Assert.All(results, ids => Assert.Equal(request.Grid.Count, ids.Count));
    }

    [Fact]
    public async Task Generate_CancelledWhileRunning_StopsAndCountsACancellation()
    {
        using var engine = Engine();
        using var cancel = new CancellationTokenSource();
        var run = engine.Generate(Request(engine.Description, seed: 2), cancel.Token);
        var enumerator = run.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(TestSupport.Timeout));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await enumerator.MoveNextAsync().AsTask().WaitAsync(TestSupport.Timeout))
            {
            }
        });
        await enumerator.DisposeAsync();
        Assert.Equal(1, engine.Statistics.Cancelled);
        Assert.Equal(0, engine.Statistics.Running);
    }

    [Fact]
    public async Task Generate_InvalidRequest_SurfacesArgumentExceptionAndKeepsServing()
    {
        using var engine = Engine();
        var d = engine.Description;
        var bad = new GenerationRequest(new TokenGrid(d.MaxFrames + 1, d.Height, d.Width), GenerationCondition.Unconditional, new SamplingOptions());

        await Assert.ThrowsAnyAsync<ArgumentException>(() => ReadAsync(engine.Generate(bad, CancellationToken.None)).WaitAsync(TestSupport.Timeout));
        var ids = await ReadAsync(engine.Generate(Request(d, seed: 4), CancellationToken.None)).WaitAsync(TestSupport.Timeout);

        Assert.Equal(d.MaxFrames * d.Height * d.Width, ids.Count);
        Assert.Equal(1, engine.Statistics.Failed);
    }

    [Fact]
    public async Task ScoreAsync_ReturnsOneLogProbPerToken()
    {
        using var engine = Engine();
        var d = engine.Description;
        var grid = new TokenGrid(1, d.Height, d.Width);
        var tokens = Enumerable.Range(0, grid.Count).Select(i => (long)(i * 13 % 1024)).ToArray();

        var logProbs = await engine.ScoreAsync(grid, classId: 1, tokens, CancellationToken.None).WaitAsync(TestSupport.Timeout);

        Assert.Equal(grid.Count, logProbs.Length);
        Assert.All(logProbs, lp => Assert.True(lp < 0));
    }

    [Fact]
    public async Task Dispose_FailsQueuedJobs()
    {
        var engine = Engine(maxQueue: 4);
        using var cancel = new CancellationTokenSource();
        var request = Request(engine.Description, seed: 5);
        var running = engine.Generate(request, cancel.Token);
        var queued = engine.Generate(request, CancellationToken.None);

        engine.Dispose();

        await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync(queued).WaitAsync(TestSupport.Timeout));
        await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync(running).WaitAsync(TestSupport.Timeout));
    }
}
