using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// The tokens of one clip as the tokenizer sent them — the detokenize paths' input: the chunks go over gRPC as they
/// are, and their ids (one array per latent frame) go to the in-process session.
/// </summary>
internal sealed class TokenStream
{
    public TokenStream(TokenizeOutcome tokenized)
    {
        Header = tokenized.Header.Clone();
        Header.Grid.Frames = (ulong)tokenized.Chunks.Sum(c => (long)c.LatentFrameCount);
        Chunks = tokenized.Chunks;
        var perFrame = (int)(Header.Grid.Height * Header.Grid.Width);
        LatentFrames = [.. Chunks.SelectMany(c =>
        {
            var ids = Array.ConvertAll(TokenChunkCodec.ReadIds(c, Header), id => (int)id);
            return Enumerable.Range(0, (int)c.LatentFrameCount).Select(f => ids.AsMemory(f * perFrame, perFrame));
        })];
    }

    /// <summary>The token header, with the latent frame count set (a file, not a live stream).</summary>
    public TokenHeader Header { get; }

    /// <summary>The chunks in order.</summary>
    public IReadOnlyList<TokenChunk> Chunks { get; }

    /// <summary>Each latent frame's ids, raster order.</summary>
    public IReadOnlyList<ReadOnlyMemory<int>> LatentFrames { get; }

    public int LatentHeight => (int)Header.Grid.Height;

    public int LatentWidth => (int)Header.Grid.Width;
}
