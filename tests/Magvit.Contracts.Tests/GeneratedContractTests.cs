using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Magvit.Contracts.V1;

namespace Magvit.Contracts.Tests;

public sealed class GeneratedContractTests
{
    [Fact]
    public void TokenizeRequest_HeaderWithEveryField_RoundTripsThroughSerialization()
    {
        var request = new TokenizeRequest
        {
            Header = new TokenizeHeader
            {
                Frames = new FrameHeader
                {
                    Width = 128,
                    Height = 128,
                    PixelFormat = PixelFormat.Rgb24,
                    FrameRate = new FrameRate { Numerator = 30_000, Denominator = 1_001 },
                    FrameCount = 17,
                },
                TokenEncoding = TokenEncoding.Uint32,
                ExpectedModel = new ModelIdentity { ModelId = "open-magvit2-video-128-262144", WeightsSha256 = new string('a', 64) },
                StreamId = "stream-42",
                StartLatentFrame = 3,
            },
        };

        var parsed = TokenizeRequest.Parser.ParseFrom(request.ToByteArray());

        Assert.Equal(request, parsed);
        Assert.Equal(TokenizeRequest.PayloadOneofCase.Header, parsed.PayloadCase);
        Assert.True(parsed.Header.Frames.HasFrameCount);
        Assert.Equal(17ul, parsed.Header.Frames.FrameCount);
    }

    [Fact]
    public void FrameHeader_WithoutFrameCount_KeepsItAbsent()
    {
        var parsed = FrameHeader.Parser.ParseFrom(new FrameHeader { Width = 16, Height = 16, PixelFormat = PixelFormat.Rgb24 }.ToByteArray());

        Assert.False(parsed.HasFrameCount);
    }

    [Fact]
    public void TokenizeResponse_HeaderChunkAndSummary_RoundTripAsOneofs()
    {
        var header = new TokenizeResponse
        {
            Header = new TokenHeader
            {
                CodebookBits = 18,
                Grid = new LatentGrid { Frames = 5, Height = 16, Width = 16 },
                RasterOrder = RasterOrder.TimeRowColumn,
                BitOrder = TokenBitOrder.LsbFirst,
                Model = new ModelIdentity { ModelId = "m", WeightsSha256 = new string('0', 64) },
                Geometry = new TokenizerGeometry { SpatialFactor = 8, TemporalFactor = 4, FrameRule = FrameRule.Causal },
            },
        };
        var chunk = new TokenizeResponse { Tokens = TokenChunkCodec.Create(0, 0, 1, new uint[256], 18, TokenEncoding.Packed) };
        var summary = new TokenizeResponse
        {
            Summary = new StreamSummary
            {
                Frames = 17,
                LatentFrames = 5,
                Tokens = 1_280,
                ChunksReceived = 13,
                ChunksSent = 5,
                Elapsed = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1_500)),
                TimeToFirstChunk = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(40)),
                ModelTime = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(900)),
            },
        };

        foreach (var message in new[] { header, chunk, summary })
        {
            Assert.Equal(message, TokenizeResponse.Parser.ParseFrom(message.ToByteArray()));
        }

        Assert.Equal(576, TokenizeResponse.Parser.ParseFrom(chunk.ToByteArray()).Tokens.PackedTokens.Length);
    }

    [Fact]
    public void DetokenizeRequest_HeaderThenChunk_RoundTrip()
    {
        var header = new DetokenizeRequest
        {
            Header = new DetokenizeHeader
            {
                Tokens = new TokenHeader { CodebookBits = 18, Grid = new LatentGrid { Height = 16, Width = 16 } },
                PixelFormat = PixelFormat.Rgb24,
                StreamId = "s",
            },
        };
        var chunk = new DetokenizeRequest { Tokens = TokenChunkCodec.Create(0, 0, 1, new uint[256], 18, TokenEncoding.Uint32) };

        Assert.Equal(header, DetokenizeRequest.Parser.ParseFrom(header.ToByteArray()));
        Assert.Equal(chunk, DetokenizeRequest.Parser.ParseFrom(chunk.ToByteArray()));
    }

    [Fact]
    public void Services_HaveTheStreamingShapeOfTheContract()
    {
        var tokenizer = TokenizerService.Descriptor;
        var detokenizer = DetokenizerService.Descriptor;

        Assert.Equal("magvit.v1.TokenizerService", tokenizer.FullName);
        Assert.Equal(["Tokenize", "TokenizeImage", "GetModelInfo"], tokenizer.Methods.Select(m => m.Name));
        Assert.Equal(["Detokenize", "DetokenizeImage", "GetModelInfo"], detokenizer.Methods.Select(m => m.Name));
        foreach (var bidi in new[] { tokenizer.FindMethodByName("Tokenize"), detokenizer.FindMethodByName("Detokenize") })
        {
            Assert.True(bidi.IsClientStreaming);
            Assert.True(bidi.IsServerStreaming);
        }

        Assert.False(tokenizer.FindMethodByName("TokenizeImage").IsClientStreaming);
        Assert.False(detokenizer.FindMethodByName("DetokenizeImage").IsServerStreaming);
    }

    [Fact]
    public void GeneratedStubs_ExistForClientsAndServers()
    {
        Assert.True(typeof(TokenizerService.TokenizerServiceBase).IsAbstract);
        Assert.True(typeof(DetokenizerService.DetokenizerServiceBase).IsAbstract);
        Assert.NotNull(typeof(TokenizerService.TokenizerServiceClient).GetConstructor([typeof(Grpc.Core.CallInvoker)]));
        Assert.NotNull(typeof(DetokenizerService.DetokenizerServiceClient).GetConstructor([typeof(Grpc.Core.CallInvoker)]));
    }

    [Fact]
    public void ZeroValues_AreTheUnspecifiedDefaultsOfEveryEnum()
    {
        Assert.Equal(0, (int)PixelFormat.Unspecified);
        Assert.Equal(0, (int)TokenEncoding.Unspecified);
        Assert.Equal(0, (int)RasterOrder.Unspecified);
        Assert.Equal(0, (int)TokenBitOrder.Unspecified);
        Assert.Equal(0, (int)FrameRule.Unspecified);
        Assert.Equal(TokenEncoding.Unspecified, new TokenizeHeader().TokenEncoding);
    }
}
