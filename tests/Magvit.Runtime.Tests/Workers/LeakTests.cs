using Magvit.Model.Tokenizer;
using Magvit.Runtime.Sessions;
using Magvit.Runtime.Work;

namespace Magvit.Runtime.Tests.Workers;

/// <summary>After streams end — completed, failed, cancelled or just disposed — no tensor outlives them.</summary>
public sealed class LeakTests
{
    private const int Size = 16;

    [Fact]
    public async Task Streams_CompletedFailedCancelledAndDisposed_LeaveLiveTensorsAtBaseline()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 33, o => o.MaxQueue = 1);
        var baseline = await Statistics(engine);
        var clip = TestSupport.Frames(9, Size, Size, seed: 3);
        var ids = Enumerable.Range(0, 3 * 4).ToArray();

        // Completed.
        using (var encoder = engine.StartEncoding(Size, Size))
        using (var decoder = engine.StartDecoding(2, 2))
        {
            await TestSupport.EncodeInChunks(encoder, clip, [2, 7], CancellationToken.None);
            await TestSupport.All(decoder.PushAsync(ids, CancellationToken.None));
            await TestSupport.All(decoder.CompleteAsync(CancellationToken.None));
        }

        // Failed: the queue is full when the stream's second unit arrives.
        using (var failing = engine.StartEncoding(Size, Size))
        {
            await TestSupport.All(failing.PushAsync(clip.AsMemory(0, Size * Size * 3), CancellationToken.None));
            Task<IReadOnlyList<int[]>> blocker;
            using (await TestSupport.HoldWorkerAsync(engine))
            {
                blocker = engine.EncodeImagesAsync([clip.AsMemory(0, Size * Size * 3)], Size, Size, CancellationToken.None);
                await Assert.ThrowsAsync<QueueFullException>(() => TestSupport.All(failing.PushAsync(clip.AsMemory(Size * Size * 3, 4 * Size * Size * 3), CancellationToken.None)));
            }

            await blocker.WaitAsync(TestSupport.Timeout);
        }

        // Cancelled before its first forward, and disposed without completing.
        using (var cancelled = engine.StartDecoding(2, 2))
        {
            using var cancel = new CancellationTokenSource();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestSupport.All(cancelled.PushAsync(ids, cancel.Token)));
        }

        using (var abandoned = engine.StartEncoding(Size, Size))
        {
            await TestSupport.All(abandoned.PushAsync(clip, CancellationToken.None));
        }

        var after = await Statistics(engine);
        Assert.Equal(0, after.OpenStreams);
        Assert.Equal(0, after.HeldStreamTensors);
        Assert.Equal(baseline.WorkerLiveTensors, after.WorkerLiveTensors);
        Assert.Equal(baseline.ProcessLiveTensors, after.ProcessLiveTensors);
        Assert.True(after.Batches > 0);
    }

    [Fact]
    public async Task Execute_ForwardThrows_FailsEveryItemOfTheBatchAndLeaksNothing()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 34);
        var baseline = await Statistics(engine);
        var worker = engine.Workers[0];
        var frame = TestSupport.Frames(1, Size, Size, seed: 4);
        var key = new BatchKey(WorkKind.Encode, 1, Size, Size, StartsStream: true);
        var slot = worker.Attach();
        await worker.Submit(new EncodeItem(key, [frame], slot, CancellationToken.None)).WaitAsync(TestSupport.Timeout);

        // A started stream sent as if it were starting, next to a one-off image: their states cannot be stacked.
        Task<int[][]> wrong, image;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            wrong = worker.Submit(new EncodeItem(key, [frame], slot, CancellationToken.None));
            image = worker.Submit(new EncodeItem(key, [frame], null, CancellationToken.None));
            await TestSupport.WaitForQueueAsync(engine, 2);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => wrong.WaitAsync(TestSupport.Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => image.WaitAsync(TestSupport.Timeout));
        worker.Release(slot);
        var after = await Statistics(engine);

        Assert.Equal(2, after.ItemsFailed);
        Assert.Equal(baseline.WorkerLiveTensors, after.WorkerLiveTensors);
        Assert.Equal(0, after.OpenStreams);
    }

    private static Task<RuntimeStatistics> Statistics(TokenizerEngine engine)
    {
        // Tensors other tests dropped without disposing leave the process count when finalized: do that now, not in between.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);
    }
}
