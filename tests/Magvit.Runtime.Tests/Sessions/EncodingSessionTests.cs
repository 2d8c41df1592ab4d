using Magvit.Model.Tokenizer;

namespace Magvit.Runtime.Tests.Sessions;

public sealed class EncodingSessionTests
{
    private const int Size = 16;

    public static TheoryData<int[]> Chunkings => new()
    {
        new[] { 17 },
        new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 2, 3, 5, 7 },
        new[] { 4, 4, 4, 4, 1 },
        new[] { 9, 0, 8 },
    };

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task PushAsync_AnyChunking_EqualsOfflineIndicesOfWholeClip(int[] chunks)
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var model = TestSupport.Model(config, seed: 3);
        using var engine = TestSupport.Engine(config, seed: 3);
        var rgb = TestSupport.Frames(17, Size, Size, seed: 4);
        var expected = TestSupport.OfflineTokens(model, rgb, 17, Size, Size);

        using var session = engine.StartEncoding(Size, Size);
        var tokens = await TestSupport.EncodeInChunks(session, rgb, chunks, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), tokens.Select(t => t.Index));
        Assert.Equal(expected, tokens.Select(t => t.TokenIds));
        Assert.Equal(17, session.FramesIn);
    }

    [Fact]
    public async Task PushAsync_FrameByFrame_YieldsEachLatentWhenItsLastFrameArrives()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var engine = TestSupport.Engine(config, seed: 3, o => o.MaxBatchDelay = TimeSpan.Zero);
        var rgb = TestSupport.Frames(9, Size, Size, seed: 5);
        using var session = engine.StartEncoding(Size, Size);

        var emitted = new List<int>();
        for (var t = 0; t < 9; t++)
        {
            emitted.Add((await TestSupport.All(session.PushAsync(rgb.AsMemory(t * Size * Size * 3, Size * Size * 3), CancellationToken.None))).Count);
        }

        Assert.Equal([1, 0, 0, 0, 1, 0, 0, 0, 1], emitted);
        Assert.Equal(2, session.LatentHeight);
    }

    [Fact]
    public async Task CompleteAsync_TrailingFramesOfAnUnfinishedUnit_YieldNothingAndEndTheStream()
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var engine = TestSupport.Engine(config, seed: 3);
        using var session = engine.StartEncoding(Size, Size);

        var pushed = await TestSupport.All(session.PushAsync(TestSupport.Frames(7, Size, Size, seed: 6), CancellationToken.None));
        var completed = await TestSupport.All(session.CompleteAsync(CancellationToken.None));
        var statistics = await engine.GetStatisticsAsync(CancellationToken.None).WaitAsync(TestSupport.Timeout);

        Assert.Equal(2, pushed.Count);                 // frames 0 and 1–4; frames 5–6 wait for 7–8
        Assert.Empty(completed);
        Assert.Equal(0, statistics.OpenStreams);
        Assert.Throws<InvalidOperationException>(() => session.PushAsync(TestSupport.Frames(1, Size, Size, 7), CancellationToken.None));
    }

    [Fact]
    public void PushAsync_PartialFrame_ThrowsArgumentException()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 3);
        using var session = engine.StartEncoding(Size, Size);

        Assert.Throws<ArgumentException>(() => session.PushAsync(new byte[(Size * Size * 3) + 1], CancellationToken.None));
    }

    [Fact]
    public void StartEncoding_SizeNotMultipleOfSpatialFactor_Throws()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => engine.StartEncoding(12, 16));
    }
}
