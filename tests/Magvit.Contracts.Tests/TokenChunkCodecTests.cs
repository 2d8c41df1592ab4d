using Google.Protobuf;
using Magvit.Contracts.V1;

namespace Magvit.Contracts.Tests;

public sealed class TokenChunkCodecTests
{
    private static readonly TokenHeader Header = new()
    {
        CodebookBits = 18,
        Grid = new LatentGrid { Height = 4, Width = 4 },
    };

    [Theory]
    [InlineData(TokenEncoding.Unspecified, TokenChunk.TokensOneofCase.PackedTokens)]
    [InlineData(TokenEncoding.Packed, TokenChunk.TokensOneofCase.PackedTokens)]
    [InlineData(TokenEncoding.Uint32, TokenChunk.TokensOneofCase.TokenIds)]
    public void CreateThenReadIds_EitherEncoding_RoundTripsThroughTheWire(TokenEncoding encoding, TokenChunk.TokensOneofCase expected)
    {
        var ids = Enumerable.Range(0, 2 * 16).Select(i => (uint)(i * 8191) % (1u << 18)).ToArray();

        var chunk = TokenChunkCodec.Create(3, 6, 2, ids, 18, encoding);
        var parsed = TokenChunk.Parser.ParseFrom(chunk.ToByteArray());

        Assert.Equal(expected, parsed.TokensCase);
        Assert.Equal(ids, TokenChunkCodec.ReadIds(parsed, Header));
        Assert.Equal(3ul, parsed.SequenceNumber);
        Assert.Equal(6ul, parsed.FirstLatentFrame);
    }

    [Fact]
    public void Create_IdsNotWholeLatentFrames_Throws()
    {
        Assert.Throws<ArgumentException>(() => TokenChunkCodec.Create(0, 0, 2, new uint[31], 18, TokenEncoding.Packed));
    }

    [Fact]
    public void ReadIds_WrongIdCount_Throws()
    {
        var chunk = TokenChunkCodec.Create(0, 0, 1, new uint[16], 18, TokenEncoding.Uint32);
        chunk.LatentFrameCount = 2;

        Assert.Throws<ArgumentException>(() => TokenChunkCodec.ReadIds(chunk, Header));
    }

    [Fact]
    public void ReadIds_Uint32IdOutsideCodebook_Throws()
    {
        var chunk = TokenChunkCodec.Create(0, 0, 1, new uint[16], 18, TokenEncoding.Uint32);
        chunk.TokenIds.Ids[5] = 1u << 18;

        Assert.Throws<ArgumentOutOfRangeException>(() => TokenChunkCodec.ReadIds(chunk, Header));
    }

    [Fact]
    public void ReadIds_NoTokens_Throws()
    {
        var chunk = new TokenChunk { LatentFrameCount = 1 };

        Assert.Throws<ArgumentException>(() => TokenChunkCodec.ReadIds(chunk, Header));
    }
}
