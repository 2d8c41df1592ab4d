using Google.Protobuf;
using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>Bad Detokenize and DetokenizeImage input: each gets a clear status (field violations for INVALID_ARGUMENT) and the service stays up.</summary>
[Collection(SharedServices.Name)]
public sealed class DetokenizerServiceErrorTests(ServicesFixture services)
{
    private static readonly int[][] Tokens = DetokenizeCall.RandomTokens(latentFrames: 3, latentHeight: 2, latentWidth: 2, seed: 51);

    [Fact]
    public async Task Detokenize_FirstMessageIsAChunk_InvalidArgumentOnHeader()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Chunks().Select(c => new DetokenizeRequest { Tokens = c })), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_HeaderRepeated_InvalidArgumentOnHeader()
    {
        var requests = Requests(Header(), Chunks()).ToList();
        requests.Insert(2, requests[0]);

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(requests), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_EmptyStream_InvalidArgumentOnHeader()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync([]), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_HeaderWithoutTokenHeader_InvalidArgumentOnHeaderTokens()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(new DetokenizeHeader(), Chunks())), "header.tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_NoTokenChunks_InvalidArgumentOnTokens()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), [])), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_TokenIdNotBelowTwoToTheK_InvalidArgumentOnTokens()
    {
        var chunks = Chunks(TokenEncoding.Uint32);
        chunks[1].TokenIds.Ids[3] = 1u << DetokenizeCall.Bits;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), chunks)), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_TooFewTokenIds_InvalidArgumentOnTokens()
    {
        var chunks = Chunks(TokenEncoding.Uint32);
        chunks[1].TokenIds.Ids.RemoveAt(0);

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), chunks)), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task Detokenize_PackedTokensOfTheWrongLength_InvalidArgumentOnTokens(int extraBytes)
    {
        var chunks = Chunks();
        var packed = chunks[1].PackedTokens.ToByteArray();
        chunks[1].PackedTokens = ByteString.CopyFrom(extraBytes < 0 ? packed[..^1] : [.. packed, 0]);

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), chunks)), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_PackedTokensWithPadBitsSet_InvalidArgumentOnTokens()
    {
        // 4 tokens of 18 bits = 72 bits = 9 bytes exactly, so use a 3-token grid: 54 bits in 7 bytes, 2 pad bits.
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 1, latentHeight: 1, latentWidth: 3, seed: 52);
        var chunk = DetokenizeCall.Chunks(tokens, 1).Single();
        var packed = chunk.PackedTokens.ToByteArray();
        packed[^1] |= 0x80;
        chunk.PackedTokens = ByteString.CopyFrom(packed);

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(new DetokenizeHeader { Tokens = DetokenizeCall.Header(1, 3, 1) }, [chunk])), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_ChunkWithoutTokens_InvalidArgumentOnTokens()
    {
        var chunks = Chunks();
        chunks[1].ClearTokens();

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), chunks)), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_GapInFirstLatentFrame_InvalidArgumentOnFirstLatentFrame()
    {
        var chunks = Chunks();
        chunks[1].FirstLatentFrame = 2;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), chunks)), "tokens.first_latent_frame");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_SequenceNumberGap_InvalidArgumentOnSequenceNumber()
    {
        var chunks = Chunks();
        chunks[2].SequenceNumber = 3;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), chunks)), "tokens.sequence_number");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_MoreLatentFramesThanGridFrames_InvalidArgumentOnLatentFrameCount()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(latentFrames: 2), Chunks())), "tokens.latent_frame_count");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_FewerLatentFramesThanGridFrames_InvalidArgumentOnTokens()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(latentFrames: 4), Chunks())), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_ZeroLatentFramesInAChunk_InvalidArgumentOnTokens()
    {
        var chunks = Chunks();
        chunks[2].LatentFrameCount = 0;
        chunks[2].PackedTokens = ByteString.Empty;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(), chunks)), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_GridFramesZero_InvalidArgumentOnGridFrames()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(latentFrames: 0), Chunks())), "header.tokens.grid.frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_GridFramesBeyondInt32_InvalidArgumentOnGridFrames()
    {
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(latentFrames: 1ul << 40), Chunks())), "header.tokens.grid.frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_GridFramesWhoseFrameCountOverflows_InvalidArgumentOnGridFrames()
    {
        // 4·(2^30 − 1) + 1 frames do not fit in 32 bits.
        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(Header(latentFrames: 1ul << 30), Chunks())), "header.tokens.grid.frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_GridBeyondMaxWidthAndMaxHeight_InvalidArgumentOnGrid()
    {
        var header = new DetokenizeHeader { Tokens = DetokenizeCall.Header(ServicesFixture.MaxHeight / 8 + 1, ServicesFixture.MaxWidth / 8 + 1, 3) };

        var violations = await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(header, Chunks())), "header.tokens.grid.width", "header.tokens.grid.height");

        Assert.All(violations, v => Assert.Contains("limit", v.Description, StringComparison.Ordinal));
        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_GridWhosePixelWidthOverflows32Bits_InvalidArgumentOnGrid()
    {
        // 2^29 + 2 tokens × 8 pixels wraps to 16 pixels in 32-bit arithmetic.
        var header = new DetokenizeHeader { Tokens = DetokenizeCall.Header(2, (1 << 29) + 2, 3) };

        var violations = await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(header, Chunks())), "header.tokens.grid.width");

        Assert.Contains("limit", Assert.Single(violations).Description, StringComparison.Ordinal);
        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_UnknownPixelFormat_InvalidArgumentOnPixelFormat()
    {
        var header = Header();
        header.PixelFormat = (PixelFormat)7;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(header, Chunks())), "header.pixel_format");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_OtherCodebookBits_FailedPrecondition()
    {
        var header = Header();
        header.Tokens.CodebookBits = 16;

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => DetokenizeAsync(Requests(header, Chunks())));

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_TokensOfOtherWeights_FailedPrecondition()
    {
        var header = Header();
        header.Tokens.Model.WeightsSha256 = new string('c', 64);

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => DetokenizeAsync(Requests(header, Chunks())));

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_StartLatentFramePastTheStream_InvalidArgumentOnStartLatentFrame()
    {
        var header = Header(latentFrames: null);
        header.StartLatentFrame = 4;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeAsync(Requests(header, Chunks())), "header.start_latent_frame");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Detokenize_MessageAboveTheReceiveLimit_ResourceExhausted()
    {
        var chunks = Chunks();
        chunks[1].PackedTokens = ByteString.CopyFrom(new byte[5 * 1024 * 1024]);

        await RpcAssert.StatusAsync(StatusCode.ResourceExhausted, () => DetokenizeAsync(Requests(Header(), chunks)));

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task DetokenizeImage_GridOfTwoFrames_InvalidArgumentOnGridFrames()
    {
        var request = ImageRequest();
        request.Header.Grid.Frames = 2;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeImageAsync(request), "header.grid.frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task DetokenizeImage_ChunkOfTwoLatentFrames_InvalidArgumentOnTokens()
    {
        var request = ImageRequest();
        request.Header.Grid.ClearFrames();
        request.Tokens = DetokenizeCall.Chunks(Tokens[..2], 2).Single();

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeImageAsync(request), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task DetokenizeImage_TokenIdNotBelowTwoToTheK_InvalidArgumentOnTokens()
    {
        var request = ImageRequest(TokenEncoding.Uint32);
        request.Tokens.TokenIds.Ids[0] = uint.MaxValue;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeImageAsync(request), "tokens");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task DetokenizeImage_NoHeader_InvalidArgumentOnHeader()
    {
        var request = ImageRequest();
        request.Header = null;

        await RpcAssert.InvalidArgumentAsync(() => DetokenizeImageAsync(request), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task DetokenizeImage_TokensOfOtherWeights_FailedPrecondition()
    {
        var request = ImageRequest();
        request.Header.Model.WeightsSha256 = new string('d', 64);

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => DetokenizeImageAsync(request));

        await services.AssertServingAndIdleAsync();
    }

    private static DetokenizeHeader Header(ulong? latentFrames = 3) => new() { Tokens = DetokenizeCall.Header(2, 2, latentFrames) };

    private static List<TokenChunk> Chunks(TokenEncoding encoding = TokenEncoding.Packed) => DetokenizeCall.Chunks(Tokens, 1, encoding).ToList();

    private static IEnumerable<DetokenizeRequest> Requests(DetokenizeHeader header, IEnumerable<TokenChunk> chunks) => DetokenizeCall.Requests(header, chunks);

    private static DetokenizeImageRequest ImageRequest(TokenEncoding encoding = TokenEncoding.Packed) => new()
    {
        Header = DetokenizeCall.Header(2, 2, 1),
        Tokens = DetokenizeCall.Chunks(Tokens[..1], 1, encoding).Single(),
    };

    private async Task<List<DetokenizeResponse>> DetokenizeAsync(IEnumerable<DetokenizeRequest> requests)
    {
        using var call = services.DetokenizerClient.Detokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout));
        return await DuplexCall.ExchangeAsync(call, requests);
    }

    private Task<DetokenizeImageResponse> DetokenizeImageAsync(DetokenizeImageRequest request)
        => services.DetokenizerClient.DetokenizeImageAsync(request, deadline: DateTime.UtcNow.Add(ServiceHost.Timeout)).ResponseAsync;
}
