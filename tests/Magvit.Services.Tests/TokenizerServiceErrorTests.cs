using Google.Protobuf;
using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>Bad Tokenize and TokenizeImage input: each gets a clear status (field violations for INVALID_ARGUMENT) and the service stays up.</summary>
[Collection(SharedServices.Name)]
public sealed class TokenizerServiceErrorTests(ServicesFixture services)
{
    private static readonly Clip Small = new(frames: 5, height: 16, width: 16, seed: 41);

    [Fact]
    public async Task Tokenize_FirstMessageIsAChunk_InvalidArgumentOnHeader()
    {
        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync(Frames(Small, 1000)), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_HeaderRepeated_InvalidArgumentOnHeader()
    {
        var header = new TokenizeRequest { Header = TokenizeCall.Header(Small) };

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([header, header, .. Frames(Small, 1000)]), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_HeaderAfterFrames_InvalidArgumentOnHeader()
    {
        var frames = Frames(Small, 1000);

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([Header(Small), .. frames.Take(2), Header(Small), .. frames.Skip(2)]), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_EmptyStream_InvalidArgumentOnHeader()
    {
        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([]), "header");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_HeaderWithoutFrames_InvalidArgumentOnHeaderFrames()
    {
        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = new TokenizeHeader() }, .. Frames(Small, 1000)]), "header.frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_HeaderWithoutAnyFrameChunk_InvalidArgumentOnFrames()
    {
        var header = TokenizeCall.Header(Small);
        header.Frames.ClearFrameCount();

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = header }]), "frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_PartialLastFrame_InvalidArgumentOnFrames()
    {
        var header = TokenizeCall.Header(Small);
        header.Frames.ClearFrameCount();

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = header }, .. Frames(Small.Rgb24[..^1], 1000)]), "frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_FewerFramesThanFrameCount_InvalidArgumentOnFrames()
    {
        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([Header(Small), .. Frames(Small.Rgb24[..(4 * Small.FrameBytes)], 1000)]), "frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_MoreFramesThanFrameCount_InvalidArgumentOnFrames()
    {
        var sixFrames = Small.Rgb24.Concat(Small.Rgb24[..Small.FrameBytes]).ToArray();

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([Header(Small), .. Frames(sixFrames, 1000)]), "frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_SequenceNumberGap_InvalidArgumentOnFrames()
    {
        var frames = Frames(Small, 1000);
        frames[2].Frames.SequenceNumber = 3;

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([Header(Small), .. frames]), "frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_WrongOffset_InvalidArgumentOnFrames()
    {
        var frames = Frames(Small, 1000);
        frames[2].Frames.Offset += 1;

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([Header(Small), .. frames]), "frames");

        await services.AssertServingAndIdleAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(FrameChunker.MaxChunkBytes + 1)]
    public async Task Tokenize_ChunkOutsideOneTo64KiB_InvalidArgumentOnFrames(int length)
    {
        var clip = new Clip(frames: 9, height: 128, width: 64, seed: 42);
        var chunk = new FrameChunk { SequenceNumber = 0, Offset = 0, Data = ByteString.CopyFrom(clip.Rgb24, 0, length) };

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([Header(clip), new TokenizeRequest { Frames = chunk }]), "frames");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_UnspecifiedPixelFormat_InvalidArgumentOnPixelFormat()
    {
        var header = TokenizeCall.Header(Small);
        header.Frames.PixelFormat = PixelFormat.Unspecified;

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = header }, .. Frames(Small, 1000)]), "header.frames.pixel_format");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_SizeNotAMultipleOfTheSpatialFactor_InvalidArgumentOnWidthAndHeight()
    {
        var clip = new Clip(frames: 1, height: 12, width: 20, seed: 43);

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([Header(clip), .. Frames(clip, 1000)]), "header.frames.width", "header.frames.height");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_SizeBeyondMaxWidthAndMaxHeight_InvalidArgumentOnWidthAndHeight()
    {
        var header = TokenizeCall.Header(Small);
        (header.Frames.Width, header.Frames.Height) = (ServicesFixture.MaxWidth + 8, ServicesFixture.MaxHeight + 8);

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = header }]), "header.frames.width", "header.frames.height");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_FrameCountZero_InvalidArgumentOnFrameCount()
    {
        var header = TokenizeCall.Header(Small);
        header.Frames.FrameCount = 0;

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = header }]), "header.frames.frame_count");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_FrameCountBeyondInt32_InvalidArgumentOnFrameCount()
    {
        var header = TokenizeCall.Header(Small);
        header.Frames.FrameCount = 1ul << 40;

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = header }, .. Frames(Small, 1000)]), "header.frames.frame_count");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_ExpectedModelWithOtherWeights_FailedPrecondition()
    {
        var header = TokenizeCall.Header(Small);
        header.ExpectedModel = new ModelIdentity { WeightsSha256 = new string('a', 64) };

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => TokenizeAsync([new TokenizeRequest { Header = header }, .. Frames(Small, 1000)]));

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_ExpectedModelWithTheServedWeights_Succeeds()
    {
        var info = await services.TokenizerClient.GetModelInfoAsync(new TokenizerServiceGetModelInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10))
            .ResponseAsync.WaitAsync(ServiceHost.Timeout);
        var header = TokenizeCall.Header(Small);
        header.ExpectedModel = new ModelIdentity { WeightsSha256 = info.Model.Identity.WeightsSha256.ToUpperInvariant() };

        var responses = await TokenizeAsync([new TokenizeRequest { Header = header }, .. Frames(Small, 1000)]);

        Assert.Equal(TokenizeResponse.PayloadOneofCase.Summary, responses[^1].PayloadCase);
        Assert.Equal(2ul, responses[^1].Summary.LatentFrames);
    }

    [Fact]
    public async Task Tokenize_StartLatentFramePastTheStream_InvalidArgumentOnStartLatentFrame()
    {
        // 5 frames make 2 latent frames: resuming at 2 is an empty tail, at 3 a mistake.
        var header = TokenizeCall.Header(Small);
        header.StartLatentFrame = 3;

        await RpcAssert.InvalidArgumentAsync(() => TokenizeAsync([new TokenizeRequest { Header = header }, .. Frames(Small, 1000)]), "header.start_latent_frame");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Tokenize_MessageAboveTheReceiveLimit_ResourceExhausted()
    {
        var chunk = new FrameChunk { Data = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) };

        await RpcAssert.StatusAsync(StatusCode.ResourceExhausted, () => TokenizeAsync([Header(Small), new TokenizeRequest { Frames = chunk }]));

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task TokenizeImage_WrongDataLength_InvalidArgumentOnImageData()
    {
        var request = ImageRequest(Small);
        request.Image.Data = ByteString.CopyFrom(Small.Rgb24, 0, Small.FrameBytes - 3);

        await RpcAssert.InvalidArgumentAsync(() => TokenizeImageAsync(request), "image.data");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task TokenizeImage_NoImage_InvalidArgumentOnImage()
    {
        await RpcAssert.InvalidArgumentAsync(() => TokenizeImageAsync(new TokenizeImageRequest()), "image");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task TokenizeImage_SizeNotAMultipleOfTheSpatialFactor_InvalidArgumentOnImageWidth()
    {
        var clip = new Clip(frames: 1, height: 16, width: 20, seed: 44);

        await RpcAssert.InvalidArgumentAsync(() => TokenizeImageAsync(ImageRequest(clip)), "image.width");

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task TokenizeImage_ExpectedModelWithOtherWeights_FailedPrecondition()
    {
        var request = ImageRequest(Small);
        request.ExpectedModel = new ModelIdentity { WeightsSha256 = new string('b', 64) };

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => TokenizeImageAsync(request));

        await services.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task TokenizeImage_MessageAboveTheReceiveLimit_ResourceExhausted()
    {
        // 1216×1216 RGB24 is 4.2 MiB, above the default 4 MiB receive limit.
        var request = new TokenizeImageRequest
        {
            Image = new Image { Width = 1216, Height = 1216, PixelFormat = PixelFormat.Rgb24, Data = ByteString.CopyFrom(new byte[1216 * 1216 * 3]) },
        };

        await RpcAssert.StatusAsync(StatusCode.ResourceExhausted, () => TokenizeImageAsync(request));

        await services.AssertServingAndIdleAsync();
    }

    private static TokenizeRequest Header(Clip clip) => new() { Header = TokenizeCall.Header(clip) };

    private static TokenizeRequest[] Frames(Clip clip, int chunkBytes) => Frames(clip.Rgb24, chunkBytes);

    private static TokenizeRequest[] Frames(byte[] rgb, int chunkBytes)
        => new FrameChunker(chunkBytes).Chunk(rgb).Select(c => new TokenizeRequest { Frames = c }).ToArray();

    private static TokenizeImageRequest ImageRequest(Clip clip) => new()
    {
        Image = new Image { Width = (uint)clip.Width, Height = (uint)clip.Height, PixelFormat = PixelFormat.Rgb24, Data = ByteString.CopyFrom(clip.Rgb24, 0, clip.FrameBytes) },
    };

    private async Task<List<TokenizeResponse>> TokenizeAsync(IEnumerable<TokenizeRequest> requests)
    {
        using var call = services.TokenizerClient.Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout));
        return await DuplexCall.ExchangeAsync(call, requests);
    }

    private Task<TokenizeImageResponse> TokenizeImageAsync(TokenizeImageRequest request)
        => services.TokenizerClient.TokenizeImageAsync(request, deadline: DateTime.UtcNow.Add(ServiceHost.Timeout)).ResponseAsync;
}
