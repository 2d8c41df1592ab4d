using Magvit.Contracts.V1;
using Magvit.Model.Tokenizer;
using Magvit.Tokenizer;

namespace Magvit.Services.Tests;

public sealed class TokenizerServiceTests : IAsyncLifetime
{
    private ServiceHost host = null!;
    private MagvitTokenizer model = null!;

    public async Task InitializeAsync()
    {
        host = await ServiceHost.StartAsync(TokenizerApp.Build);
        model = TinyModel.Load();
    }

    public async Task DisposeAsync()
    {
        model.Dispose();
        await host.DisposeAsync();
    }

    [Theory]
    [InlineData(65536)]
    [InlineData(1000)]
    [InlineData(16 * 16 * 3)]
    [InlineData(16 * 16 * 3 * 5 + 7)]
    public async Task Tokenize_AnyChunking_EqualsOfflineTokenization(int chunkBytes)
    {
        var clip = new Clip(frames: 9, height: 16, width: 16, seed: 1);
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);

        var result = await TokenizeCall.RunAsync(client, clip, chunkBytes);

        Assert.Equal(clip.OfflineTokens(model), result.Tokens);
        Assert.Equal(18u, result.Header.CodebookBits);
        Assert.Equal(3ul, result.Header.Grid.Frames);
        Assert.Equal(FrameRule.Causal, result.Header.Geometry.FrameRule);
        Assert.Equal(9ul, result.Summary.Frames);
        Assert.Equal(3ul, result.Summary.LatentFrames);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => (ulong)i), result.Chunks.Select(c => c.FirstLatentFrame));
    }

    [Fact]
    public async Task Tokenize_Uint32Encoding_GivesTheSameIds()
    {
        var clip = new Clip(frames: 5, height: 16, width: 24, seed: 2);
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);

        var packed = await TokenizeCall.RunAsync(client, clip, 4096);
        var plain = await TokenizeCall.RunAsync(client, clip, 4096, TokenEncoding.Uint32);

        Assert.Equal(TokenChunk.TokensOneofCase.PackedTokens, packed.Chunks[0].TokensCase);
        Assert.Equal(TokenChunk.TokensOneofCase.TokenIds, plain.Chunks[0].TokensCase);
        Assert.Equal(packed.Tokens, plain.Tokens);
        Assert.Equal(clip.OfflineTokens(model), plain.Tokens);
    }

    [Fact]
    public async Task Tokenize_EightConcurrentStreams_EqualSequentialResults()
    {
        var clips = Enumerable.Range(0, 8).Select(i => new Clip(frames: 9, height: 16, width: 16, seed: 100 + i)).ToArray();
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);

        var concurrent = await Task.WhenAll(clips.Select(c => TokenizeCall.RunAsync(client, c, 2048))).WaitAsync(ServiceHost.Timeout);

        for (var i = 0; i < clips.Length; i++)
        {
            Assert.Equal(clips[i].OfflineTokens(model), concurrent[i].Tokens);
        }
    }

    [Fact]
    public async Task TokenizeImage_OneImage_EqualsFirstLatentFrameOfOfflineTokenization()
    {
        var clip = new Clip(frames: 1, height: 16, width: 32, seed: 3);
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);

        var response = await client.TokenizeImageAsync(new TokenizeImageRequest
        {
            Image = new Image { Width = 32, Height = 16, PixelFormat = PixelFormat.Rgb24, Data = Google.Protobuf.ByteString.CopyFrom(clip.Rgb24) },
        }, deadline: DateTime.UtcNow.AddSeconds(30));

        var ids = Magvit.Contracts.TokenChunkCodec.ReadIds(response.Tokens, response.Header).Select(i => (int)i).ToArray();
        Assert.Equal(clip.OfflineTokens(model)[0], ids);
    }

    [Fact]
    public async Task GetModelInfo_DescribesTheServedWeights()
    {
        var client = new TokenizerService.TokenizerServiceClient(host.Channel);

        var info = (await client.GetModelInfoAsync(new TokenizerServiceGetModelInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).Model;

        Assert.Equal(18u, info.CodebookBits);
        Assert.Equal(8u, info.Geometry.SpatialFactor);
        Assert.Equal(4u, info.Geometry.TemporalFactor);
        Assert.Equal(64, info.Identity.WeightsSha256.Length);
    }
}
