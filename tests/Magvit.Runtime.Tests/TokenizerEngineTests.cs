using Magvit.Model.Tokenizer;
using Magvit.Runtime.Sessions;

namespace Magvit.Runtime.Tests;

public sealed class TokenizerEngineTests
{
    private const int Size = 16;

    [Fact]
    public async Task EncodeImagesAsync_SeveralImages_EqualOfflineOneFrameClips()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var model = TestSupport.Model(config, seed: 12);
        using var engine = TestSupport.Engine(config, seed: 12);
        var images = Enumerable.Range(0, 3).Select(i => TestSupport.Frames(1, Size, Size, seed: 20 + i)).ToList();

        var tokens = await engine.EncodeImagesAsync(images.Select(i => (ReadOnlyMemory<byte>)i).ToList(), Size, Size, CancellationToken.None)
            .WaitAsync(TestSupport.Timeout);

        Assert.Equal(images.Select(i => TestSupport.OfflineTokens(model, i, 1, Size, Size)[0]), tokens);
    }

    [Fact]
    public async Task DecodeImagesAsync_SeveralGrids_EqualOfflineDecodeWithinOneGreyLevel()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var model = TestSupport.Model(config, seed: 13);
        using var engine = TestSupport.Engine(config, seed: 13);
        var grids = Enumerable.Range(0, 3).Select(i => new[] { i, 1000 + i, 200_000 + i, (1 << 18) - 1 - i }).ToList();

        var images = await engine.DecodeImagesAsync(grids.Select(g => (ReadOnlyMemory<int>)g).ToList(), 2, 2, CancellationToken.None)
            .WaitAsync(TestSupport.Timeout);

        for (var i = 0; i < grids.Count; i++)
        {
            var expected = TestSupport.OfflineFrames(model, grids[i], 1, 2, 2)[0];
            Assert.True(MaxDifference(expected, images[i]) <= 1, $"image {i}");
        }
    }

    [Fact]
    public async Task EncodeImagesAsync_QueuedWithStreamsFirstFrames_SharesTheirForward()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var model = TestSupport.Model(config, seed: 14);
        using var engine = TestSupport.Engine(config, seed: 14);
        var clip = TestSupport.Frames(5, Size, Size, seed: 15);
        var image = TestSupport.Frames(1, Size, Size, seed: 16);
        using var session = engine.StartEncoding(Size, Size);

        Task<List<TokenFrame>> streamed;
        Task<IReadOnlyList<int[]>> encoded;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            streamed = TestSupport.EncodeInChunks(session, clip, [5], CancellationToken.None);
            encoded = engine.EncodeImagesAsync([image, image], Size, Size, CancellationToken.None);
            await TestSupport.WaitForQueueAsync(engine, 2);
        }

        var streamedTokens = await streamed.WaitAsync(TestSupport.Timeout);
        var imageTokens = await encoded.WaitAsync(TestSupport.Timeout);
        var statistics = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);

        Assert.Equal(TestSupport.OfflineTokens(model, clip, 5, Size, Size), streamedTokens.Select(t => t.TokenIds));
        Assert.All(imageTokens, ids => Assert.Equal(TestSupport.OfflineTokens(model, image, 1, Size, Size)[0], ids));
        Assert.Equal(3, statistics.LargestBatch);      // the stream's frame 0 and the two images
    }

    [Fact]
    public async Task EncodingSessions_EightConcurrent_EqualSequentialAndRunBatched()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var engine = TestSupport.Engine(config, seed: 17);
        var clips = Enumerable.Range(0, 8).Select(i => TestSupport.Frames(13, Size, Size, seed: 40 + i)).ToList();
        var sequential = new List<int[][]>();
        foreach (var clip in clips)
        {
            using var session = engine.StartEncoding(Size, Size);
            sequential.Add((await TestSupport.EncodeInChunks(session, clip, [13], CancellationToken.None)).Select(t => t.TokenIds).ToArray());
        }

        var sessions = clips.Select(_ => engine.StartEncoding(Size, Size)).ToList();
        Task<List<TokenFrame>[]> all;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            // Different chunkings, same units: every stream's frame 0 queues behind the held worker.
            all = Task.WhenAll(sessions.Select((s, i) => TestSupport.EncodeInChunks(s, clips[i], i % 2 == 0 ? [1, 4, 4, 4] : [3, 10], CancellationToken.None)));
            await TestSupport.WaitForQueueAsync(engine, 8);
        }

        var concurrent = await all.WaitAsync(TestSupport.Timeout);
        sessions.ForEach(s => s.Dispose());
        var statistics = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);

        Assert.Equal(sequential, concurrent.Select(c => c.Select(t => t.TokenIds).ToArray()));
        Assert.Equal(8, statistics.LargestBatch);
        Assert.Equal(0, statistics.OpenStreams);
    }

    [Fact]
    public async Task DecodingSessions_EightConcurrent_EqualSequentialAndRunBatched()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var engine = TestSupport.Engine(config, seed: 18);
        var grids = Enumerable.Range(0, 8).Select(i => Enumerable.Range(0, 4 * 4).Select(j => (i * 7919 + j * 104_729) % (1 << 18)).ToArray()).ToList();
        var sequential = new List<byte[][]>();
        foreach (var ids in grids)
        {
            using var session = engine.StartDecoding(2, 2);
            sequential.Add((await TestSupport.All(session.PushAsync(ids, CancellationToken.None))).Select(f => f.Rgb24).ToArray());
        }

        var sessions = grids.Select(_ => engine.StartDecoding(2, 2)).ToList();
        Task<List<DecodedFrame>[]> all;
        using (await TestSupport.HoldWorkerAsync(engine))
        {
            all = Task.WhenAll(sessions.Select((s, i) => TestSupport.All(s.PushAsync(grids[i], CancellationToken.None))));
            await TestSupport.WaitForQueueAsync(engine, 8);
        }

        var concurrent = await all.WaitAsync(TestSupport.Timeout);
        sessions.ForEach(s => s.Dispose());
        var statistics = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);

        Assert.All(concurrent, frames => Assert.Equal(13, frames.Count));
        for (var i = 0; i < grids.Count; i++)
        {
            Assert.True(sequential[i].Zip(concurrent[i]).All(p => MaxDifference(p.First, p.Second.Rgb24) <= 1), $"stream {i}");
        }

        Assert.Equal(8, statistics.LargestBatch);
    }

    [Fact]
    public async Task StartEncoding_TwoReplicas_SpreadsStreamsAndEachEqualsOffline()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var model = TestSupport.Model(config, seed: 70);
        var seeding = new Lock();   // the replicas build concurrently; the global seed must not interleave
        using var engine = new TokenizerEngine(
            () =>
            {
                lock (seeding)
                {
                    return TestSupport.Model(config, seed: 70);
                }
            },
            new TokenizerEngineOptions { Replicas = 2 });
        var clips = Enumerable.Range(0, 4).Select(i => TestSupport.Frames(9, Size, Size, seed: 71 + i)).ToList();

        var sessions = clips.Select(_ => engine.StartEncoding(Size, Size)).ToList();
        var spread = engine.Workers.Select(w => w.AssignedStreams).ToList();
        var tokens = await Task.WhenAll(sessions.Select((s, i) => TestSupport.EncodeInChunks(s, clips[i], [9], CancellationToken.None)))
            .WaitAsync(TestSupport.Timeout);
        sessions.ForEach(s => s.Dispose());

        Assert.Equal([2, 2], spread);
        for (var i = 0; i < clips.Count; i++)
        {
            Assert.Equal(TestSupport.OfflineTokens(model, clips[i], 9, Size, Size), tokens[i].Select(t => t.TokenIds));
        }
    }

    [Fact]
    public void Constructor_FactoryThrows_RethrowsItsError()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => new TokenizerEngine(() => throw new InvalidOperationException("no weights"), new TokenizerEngineOptions()));

        Assert.Equal("no weights", error.Message);
    }

    [Fact]
    public void Constructor_ModelNotRgb_ThrowsNotSupported()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo) with { InChannels = 1 };

        Assert.Throws<NotSupportedException>(() => TestSupport.Engine(config, seed: 1));
    }

    [Fact]
    public async Task Dispose_WithWorkQueued_EndsEveryCallWithItsResultOrObjectDisposed()
    {
        var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 19, o => o.MaxQueue = 64);
        var image = TestSupport.Frames(1, Size, Size, seed: 1);
        var calls = Enumerable.Range(0, 16).Select(_ => engine.EncodeImagesAsync([image], Size, Size, CancellationToken.None)).ToList();

        engine.Dispose();

        foreach (var call in calls)
        {
            try
            {
                Assert.Single(await call.WaitAsync(TestSupport.Timeout));
            }
            catch (ObjectDisposedException)
            {
                // Still queued when the engine stopped.
            }
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.EncodeImagesAsync([image], Size, Size, CancellationToken.None));
    }

    private static int MaxDifference(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
    }
}
