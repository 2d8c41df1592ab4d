using Magvit.Contracts.V1;

namespace Magvit.Contracts.Tests;

public sealed class TokenChunkSequenceTests
{
    private static TokenHeader Header(ulong? frames = null)
    {
        var grid = new LatentGrid { Height = 2, Width = 2 };
        if (frames is { } f)
        {
            grid.Frames = f;
        }

        return new TokenHeader { CodebookBits = 10, Grid = grid };
    }

    private static TokenChunk Chunk(ulong sequence, ulong firstFrame, uint frames, uint start = 0)
        => TokenChunkCodec.Create(sequence, firstFrame, frames, Enumerable.Range(0, (int)frames * 4).Select(i => start + (uint)i).ToArray(), 10, TokenEncoding.Packed);

    [Fact]
    public void Accept_ChunksInOrder_ReturnsTheirIdsAndCountsFrames()
    {
        var sequence = new TokenChunkSequence(Header(3));

        Assert.Equal([0u, 1, 2, 3], sequence.Accept(Chunk(0, 0, 1)));
        Assert.Equal([10u, 11, 12, 13, 14, 15, 16, 17], sequence.Accept(Chunk(1, 1, 2, start: 10)));
        sequence.Complete();

        Assert.Equal(2ul, sequence.Chunks);
        Assert.Equal(3ul, sequence.LatentFrames);
    }

    [Theory]
    [InlineData(1ul, 0ul, 1u, "sequence_number")]
    [InlineData(0ul, 1ul, 1u, "first_latent_frame")]
    [InlineData(0ul, 0ul, 4u, "latent_frame_count")]
    public void Accept_ChunkBreakingTheOrder_NamesTheField(ulong sequenceNumber, ulong firstFrame, uint frames, string field)
    {
        var sequence = new TokenChunkSequence(Header(3));

        var error = Assert.Throws<ContractViolationException>(() => sequence.Accept(Chunk(sequenceNumber, firstFrame, frames)));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Accept_IdBeyondTheCodebook_NamesTokens()
    {
        var chunk = new TokenChunk { LatentFrameCount = 1, TokenIds = new TokenIdList { Ids = { 0, 1, 2, 1024 } } };

        var error = Assert.Throws<ContractViolationException>(() => new TokenChunkSequence(Header()).Accept(chunk));

        Assert.Equal("tokens", error.Field);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_FewerFramesThanAnnounced_Throws()
    {
        var sequence = new TokenChunkSequence(Header(3));
        sequence.Accept(Chunk(0, 0, 2));

        var error = Assert.Throws<ContractViolationException>(sequence.Complete);

        Assert.Contains("announced 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_NoChunks_Throws()
    {
        Assert.Throws<ContractViolationException>(new TokenChunkSequence(Header()).Complete);
    }
}
