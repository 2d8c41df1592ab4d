using Magvit.Model.Tokenizer;

namespace Magvit.Runtime.Tests.Sessions;

/// <summary>Models that are not strictly causal stream in independent windows, each encoded or decoded alone.</summary>
public sealed class WindowedSessionTests
{
    private const int Size = 16;
    private const int FrameBytes = Size * Size * 3;

    [Fact]
    public async Task VideoModel_EncodingInOddChunks_EqualsEachWindowEncodedAlone()
    {
        var config = TestSupport.Tiny(TokenizerKind.Video);
        using var model = TestSupport.Model(config, seed: 50);
        using var engine = TestSupport.Engine(config, seed: 50, o => o.WindowFrames = 9);
        var clip = TestSupport.Frames(20, Size, Size, seed: 51);
        using var session = engine.StartEncoding(Size, Size);

        var first = await TestSupport.All(session.PushAsync(clip.AsMemory(0, 7 * FrameBytes), CancellationToken.None));
        var second = await TestSupport.All(session.PushAsync(clip.AsMemory(7 * FrameBytes, 6 * FrameBytes), CancellationToken.None));
        var third = await TestSupport.All(session.PushAsync(clip.AsMemory(13 * FrameBytes), CancellationToken.None));
        var last = await TestSupport.All(session.CompleteAsync(CancellationToken.None));

        // Windows: frames 0–8 and 9–17 (3 latents each), then the 2 left over (1 latent) when the stream completes.
        var expected = new[] { (0, 9), (9, 9), (18, 2) }
            .SelectMany(w => TestSupport.OfflineTokens(model, clip[(w.Item1 * FrameBytes)..((w.Item1 + w.Item2) * FrameBytes)], w.Item2, Size, Size));
        Assert.Equal([0, 3, 3, 1], new[] { first, second, third, last }.Select(p => p.Count));
        Assert.Equal(expected, first.Concat(second).Concat(third).Concat(last).Select(t => t.TokenIds));
    }

    [Fact]
    public async Task VideoModel_DecodingLatentByLatent_EqualsEachWindowDecodedAlone()
    {
        var config = TestSupport.Tiny(TokenizerKind.Video);
        using var model = TestSupport.Model(config, seed: 52);
        using var engine = TestSupport.Engine(config, seed: 52, o => o.WindowFrames = 9);
        var ids = Enumerable.Range(0, 7 * 4).Select(i => (i * 40_503) % (1 << 18)).ToArray();   // 7 latent frames of 2×2
        using var session = engine.StartDecoding(2, 2);

        var counts = new List<int>();
        var frames = new List<byte[]>();
        for (var j = 0; j < 7; j++)
        {
            var pushed = await TestSupport.All(session.PushAsync(ids.AsMemory(j * 4, 4), CancellationToken.None));
            counts.Add(pushed.Count);
            frames.AddRange(pushed.Select(f => f.Rgb24));
        }

        var last = await TestSupport.All(session.CompleteAsync(CancellationToken.None));
        frames.AddRange(last.Select(f => f.Rgb24));

        // Windows of 3 latents → 9 frames each; the lone last latent → 1 frame.
        var expected = new[] { (0, 3), (3, 3), (6, 1) }
            .SelectMany(w => TestSupport.OfflineFrames(model, ids[(w.Item1 * 4)..((w.Item1 + w.Item2) * 4)], w.Item2, 2, 2)).ToList();
        Assert.Equal([0, 0, 9, 0, 0, 9, 0], counts);
        Assert.Single(last);
        Assert.Equal(expected.Count, frames.Count);
        Assert.All(expected.Zip(frames), p => Assert.True(p.First.Zip(p.Second).All(b => Math.Abs(b.First - b.Second) <= 1)));
    }

    [Fact]
    public async Task ImageModel_EncodingAndDecoding_TreatEachFrameAsAnImage()
    {
        var config = TestSupport.Tiny(TokenizerKind.Image);
        using var model = TestSupport.Model(config, seed: 53);
        using var engine = TestSupport.Engine(config, seed: 53);
        var clip = TestSupport.Frames(3, Size, Size, seed: 54);
        using var encoder = engine.StartEncoding(Size, Size);
        using var decoder = engine.StartDecoding(2, 2);

        var tokens = await TestSupport.EncodeInChunks(encoder, clip, [2, 1], CancellationToken.None);
        var ids = TestSupport.Flatten(tokens.Select(t => t.TokenIds));
        var frames = await TestSupport.All(decoder.PushAsync(ids, CancellationToken.None));

        Assert.Equal(TestSupport.OfflineTokens(model, clip, 3, Size, Size), tokens.Select(t => t.TokenIds));
        var expected = TestSupport.OfflineFrames(model, ids, 3, 2, 2);
        Assert.Equal(3, frames.Count);
        Assert.All(expected.Zip(frames), p => Assert.True(p.First.Zip(p.Second.Rgb24).All(b => Math.Abs(b.First - b.Second) <= 1)));
    }

    [Fact]
    public void Constructor_VideoWindowNotOnePlusTemporalMultiple_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => TestSupport.Engine(TestSupport.Tiny(TokenizerKind.Video), seed: 55, o => o.WindowFrames = 8));
    }
}
