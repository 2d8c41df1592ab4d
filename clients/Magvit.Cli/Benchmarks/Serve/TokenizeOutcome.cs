using Magvit.Contracts.V1;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>One Tokenize call as the client saw it.</summary>
/// <param name="Header">The server's token header.</param>
/// <param name="Chunks">The token chunks, as received.</param>
/// <param name="Summary">The server's summary.</param>
/// <param name="Elapsed">From opening the call to the end of the response stream.</param>
internal sealed record TokenizeOutcome(TokenHeader Header, IReadOnlyList<TokenChunk> Chunks, StreamSummary Summary, TimeSpan Elapsed)
{
    /// <summary>Tokens received.</summary>
    public long Tokens => Chunks.Sum(c => (long)c.LatentFrameCount) * Header.Grid.Height * Header.Grid.Width;
}
