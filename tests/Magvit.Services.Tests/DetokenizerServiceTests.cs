using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

[Collection(SharedServices.Name)]
public sealed class DetokenizerServiceTests(ServicesFixture services)
{
    [Theory]
    [InlineData(1, TokenEncoding.Packed)]
    [InlineData(2, TokenEncoding.Packed)]
    [InlineData(3, TokenEncoding.Packed)]
    [InlineData(1, TokenEncoding.Uint32)]
    [InlineData(2, TokenEncoding.Uint32)]
    public async Task Detokenize_AnyTokenChunking_EqualsOfflineDecode(int framesPerChunk, TokenEncoding encoding)
    {
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 3, latentHeight: 2, latentWidth: 3, seed: framesPerChunk);

        var result = await DetokenizeCall.RunAsync(
            services.DetokenizerClient, DetokenizeCall.Header(2, 3, 3), DetokenizeCall.Chunks(tokens, framesPerChunk, encoding));

        DetokenizeCall.EqualWithinOneGreyLevel(Clip.OfflineDecode(services.Model, tokens, 2, 3), result.Bytes);
        result.AssertFollowsChunkRule();
        Assert.Equal((24u, 16u, PixelFormat.Rgb24), (result.Header.Width, result.Header.Height, result.Header.PixelFormat));
        Assert.Equal(9ul, result.Header.FrameCount);
        Assert.Equal(9ul, result.Summary.Frames);
        Assert.Equal(3ul, result.Summary.LatentFrames);
        Assert.Equal(3ul * 2 * 3, result.Summary.Tokens);
        Assert.Equal((ulong)((3 + framesPerChunk - 1) / framesPerChunk), result.Summary.ChunksReceived);
        Assert.Equal((ulong)result.Chunks.Count, result.Summary.ChunksSent);
    }

    [Fact]
    public async Task Detokenize_FrameLargerThanAChunk_SplitIntoChunksOfAtMost64KiBWithConsecutiveSequenceNumbersAndOffsets()
    {
        // 184×120 RGB24 = 66,240 bytes: one frame in two chunks, the first a full 64 KiB.
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 1, latentHeight: 15, latentWidth: 23, seed: 5);

        var result = await DetokenizeCall.RunAsync(services.DetokenizerClient, DetokenizeCall.Header(15, 23, 1), DetokenizeCall.Chunks(tokens, 1));

        result.AssertFollowsChunkRule();
        Assert.Equal([FrameChunker.MaxChunkBytes, (184 * 120 * 3) - FrameChunker.MaxChunkBytes], result.Chunks.Select(c => c.Data.Length));
        Assert.Equal(1ul, result.Header.FrameCount);
        DetokenizeCall.EqualWithinOneGreyLevel(Clip.OfflineDecode(services.Model, tokens, 15, 23), result.Bytes);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(4, 13)]
    public async Task Detokenize_GridFramesSet_FrameCountIsOnePlusFourPerLaterLatentFrame(int latentFrames, ulong frameCount)
    {
        var tokens = DetokenizeCall.RandomTokens(latentFrames, 2, 2, seed: latentFrames);

        var result = await DetokenizeCall.RunAsync(services.DetokenizerClient, DetokenizeCall.Header(2, 2, (ulong)latentFrames), DetokenizeCall.Chunks(tokens, 2));

        Assert.Equal(frameCount, result.Header.FrameCount);
        Assert.Equal(frameCount, result.Summary.Frames);
        Assert.Equal((int)frameCount * 16 * 16 * 3, result.Bytes.Length);
    }

    [Fact]
    public async Task Detokenize_GridFramesAbsent_HeaderOmitsFrameCountAndFramesStillDecode()
    {
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 2, latentHeight: 2, latentWidth: 2, seed: 9);

        var result = await DetokenizeCall.RunAsync(services.DetokenizerClient, DetokenizeCall.Header(2, 2, null), DetokenizeCall.Chunks(tokens, 1));

        Assert.False(result.Header.HasFrameCount);
        Assert.Equal(5ul, result.Summary.Frames);
        DetokenizeCall.EqualWithinOneGreyLevel(Clip.OfflineDecode(services.Model, tokens, 2, 2), result.Bytes);
    }

    [Theory]
    [InlineData(TokenEncoding.Packed)]
    [InlineData(TokenEncoding.Uint32)]
    public async Task DetokenizeImage_OneLatentFrame_EqualsOfflineDecode(TokenEncoding encoding)
    {
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 1, latentHeight: 3, latentWidth: 4, seed: 21);

        var response = await services.DetokenizerClient.DetokenizeImageAsync(new DetokenizeImageRequest
        {
            Header = DetokenizeCall.Header(3, 4, 1),
            Tokens = DetokenizeCall.Chunks(tokens, 1, encoding).Single(),
        }, deadline: DateTime.UtcNow.Add(ServiceHost.Timeout)).ResponseAsync.WaitAsync(ServiceHost.Timeout);

        Assert.Equal((32u, 24u, PixelFormat.Rgb24), (response.Image.Width, response.Image.Height, response.Image.PixelFormat));
        DetokenizeCall.EqualWithinOneGreyLevel(Clip.OfflineDecode(services.Model, tokens, 3, 4), response.Image.Data.ToByteArray());
    }

    [Fact]
    public async Task GetModelInfo_DescribesTheServedWeightsAndLimits()
    {
        var tokenizer = (await services.TokenizerClient.GetModelInfoAsync(new TokenizerServiceGetModelInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10))
            .ResponseAsync.WaitAsync(ServiceHost.Timeout)).Model;
        var detokenizer = (await services.DetokenizerClient.GetModelInfoAsync(new DetokenizerServiceGetModelInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10))
            .ResponseAsync.WaitAsync(ServiceHost.Timeout)).Model;

        Assert.Equal(tokenizer, detokenizer);
        Assert.Equal((uint)ServicesFixture.MaxWidth, detokenizer.MaxWidth);
        Assert.Equal((uint)ServicesFixture.MaxHeight, detokenizer.MaxHeight);
        Assert.Equal(FrameRule.Causal, detokenizer.Geometry.FrameRule);
        Assert.Equal(64, detokenizer.Identity.WeightsSha256.Length);
    }
}
