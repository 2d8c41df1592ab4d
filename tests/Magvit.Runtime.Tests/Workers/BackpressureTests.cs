using Magvit.Model.Tokenizer;
using Magvit.Runtime.Sessions;
using Magvit.Runtime.Work;

namespace Magvit.Runtime.Tests.Workers;

public sealed class BackpressureTests
{
    private const int Size = 16;

    [Fact]
    public async Task EncodeImagesAsync_QueueFull_FailsAtOnceWithQueueFullException()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 30, o => o.MaxQueue = 2);
        var image = TestSupport.Frames(1, Size, Size, seed: 1);
        Task<IReadOnlyList<int[]>>[] admitted;
        Task<IReadOnlyList<int[]>> refused;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            admitted = [Encode(engine, image, CancellationToken.None), Encode(engine, image, CancellationToken.None)];
            refused = Encode(engine, image, CancellationToken.None);

            Assert.True(refused.IsFaulted);
            Assert.Equal(2, engine.QueueDepth);
        }

        await Assert.ThrowsAsync<QueueFullException>(() => refused);
        Assert.All(await Task.WhenAll(admitted).WaitAsync(TestSupport.Timeout), ids => Assert.Single(ids));
        Assert.Equal(0, engine.QueueDepth);
    }

    [Fact]
    public async Task EncodeImagesAsync_CancelledWhileQueued_ThrowsAtOnceAndIsNeverComputed()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 31);
        var image = TestSupport.Frames(1, Size, Size, seed: 1);
        using var cancel = new CancellationTokenSource();
        Task<IReadOnlyList<int[]>> cancelled;
        Task<IReadOnlyList<int[]>> kept;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            cancelled = engine.EncodeImagesAsync([image, image], Size, Size, cancel.Token);
            kept = Encode(engine, image, CancellationToken.None);
            await cancel.CancelAsync();

            // The caller hears of it while the worker is still held.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TestSupport.Timeout));
        }

        await kept.WaitAsync(TestSupport.Timeout);
        var statistics = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);

        Assert.Equal(1, statistics.ItemsDropped);
        Assert.Equal(1, statistics.Rows);              // only the kept image ran
        Assert.Equal(0, statistics.QueueDepth);
    }

    [Fact]
    public async Task PushAsync_CancelledMidStream_EndsTheSessionAndFreesItsState()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 32);
        var baseline = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);
        var clip = TestSupport.Frames(9, Size, Size, seed: 2);
        using var session = engine.StartEncoding(Size, Size);
        Assert.Equal(2, (await TestSupport.All(session.PushAsync(clip.AsMemory(0, 5 * Size * Size * 3), CancellationToken.None))).Count);
        var running = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);

        using var cancel = new CancellationTokenSource();
        Task<List<TokenFrame>> push;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            push = TestSupport.All(session.PushAsync(clip.AsMemory(5 * Size * Size * 3), cancel.Token));
            await TestSupport.WaitForQueueAsync(engine, 1);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push.WaitAsync(TestSupport.Timeout));
        }

        await TestSupport.WaitForEmptyQueueAsync(engine);
        var after = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);

        Assert.Equal(1, running.OpenStreams);
        Assert.True(running.HeldStreamTensors > 0);
        Assert.Equal(0, after.OpenStreams);
        Assert.Equal(0, after.HeldStreamTensors);
        Assert.Equal(1, after.ItemsDropped);
        Assert.Equal(baseline.WorkerLiveTensors, after.WorkerLiveTensors);
        Assert.Throws<InvalidOperationException>(() => session.PushAsync(clip.AsMemory(0, Size * Size * 3), CancellationToken.None));
    }

    [Fact]
    public async Task Publish_CallerCancelledWhileItsBatchRan_DropsTheResult()
    {
        using var cancel = new CancellationTokenSource();
        var item = new EncodeItem(new BatchKey(WorkKind.Encode, 1, Size, Size, true), [new byte[Size * Size * 3]], null, cancel.Token);
        item.Admit();
        item.Stage([[1, 2, 3, 4]]);

        await cancel.CancelAsync();

        Assert.False(item.Publish());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => item.Task.WaitAsync(TestSupport.Timeout));
    }

    private static Task<IReadOnlyList<int[]>> Encode(TokenizerEngine engine, byte[] image, CancellationToken cancellationToken)
        => engine.EncodeImagesAsync([image], Size, Size, cancellationToken);
}
