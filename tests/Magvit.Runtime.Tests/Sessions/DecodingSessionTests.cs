using Magvit.Model.Tokenizer;

namespace Magvit.Runtime.Tests.Sessions;

public sealed class DecodingSessionTests
{
    private const int Grid = 2;

    public static TheoryData<int[]> Chunkings => new()
    {
        new[] { 5 },
        new[] { 1, 1, 1, 1, 1 },
        new[] { 2, 0, 3 },
        new[] { 1, 4 },
    };

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task PushAsync_AnyChunking_EqualsOfflineDecodeWithinOneGreyLevel(int[] chunks)
    {
        var config = TestSupport.Tiny(TokenizerKind.CausalVideo);
        using var model = TestSupport.Model(config, seed: 8);
        using var engine = TestSupport.Engine(config, seed: 8);
        var ids = TestSupport.Flatten(TestSupport.OfflineTokens(model, TestSupport.Frames(17, 16, 16, seed: 9), 17, 16, 16));
        var expected = TestSupport.OfflineFrames(model, ids, 5, Grid, Grid);

        using var session = engine.StartDecoding(Grid, Grid);
        var frames = new List<byte[]>();
        var start = 0;
        foreach (var count in chunks)
        {
            var pushed = await TestSupport.All(session.PushAsync(ids.AsMemory(start * Grid * Grid, count * Grid * Grid), CancellationToken.None));
            frames.AddRange(pushed.Select(f => f.Rgb24));
            start += count;
        }

        Assert.Empty(await TestSupport.All(session.CompleteAsync(CancellationToken.None)));
        Assert.Equal(17, frames.Count);                // 1 + 4·4
        Assert.Equal(17, session.FramesOut);
        Assert.Equal(expected.Length, frames.Count);
        for (var f = 0; f < frames.Count; f++)
        {
            // Same math in a different batch shape: at most one grey level apart.
            Assert.True(expected[f].Zip(frames[f]).All(p => Math.Abs(p.First - p.Second) <= 1), $"frame {f}");
        }
    }

    [Fact]
    public void PushAsync_IdOutsideCodebook_ThrowsArgumentOutOfRange()
    {
        using var engine = TestSupport.Engine(TestSupport.Tiny(TokenizerKind.CausalVideo), seed: 8);
        using var session = engine.StartDecoding(Grid, Grid);

        Assert.Throws<ArgumentOutOfRangeException>(() => session.PushAsync(new[] { 0, 1, 1 << 18, 3 }, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.PushAsync(new[] { 0, -1, 2, 3 }, CancellationToken.None));
    }
}
