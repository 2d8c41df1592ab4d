using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>
/// start_latent_frame: a resumed Tokenize or Detokenize stream recomputes from the start and sends exactly the tail of
/// the uninterrupted stream, chunk for chunk, numbered as there.
/// </summary>
[Collection(SharedServices.Name)]
public sealed class StreamResumeTests(ServicesFixture services)
{
    private static readonly Clip Clip = new(frames: 13, height: 16, width: 16, seed: 61);

    [Theory]
    [InlineData(1ul)]
    [InlineData(3ul)]
    [InlineData(4ul)]
    public async Task Tokenize_StartLatentFrame_SendsTheUninterruptedStreamsChunksFromThere(ulong start)
    {
        var whole = await TokenizeCall.RunAsync(services.TokenizerClient, Clip, 1000);

        var resumed = await TokenizeAsync(start);

        Assert.Equal(whole.Header, resumed.Header);
        Assert.Equal(whole.Chunks.Skip((int)start), resumed.Chunks);
        Assert.Equal(4ul - start, resumed.Summary.LatentFrames);
        Assert.Equal(13ul, resumed.Summary.Frames);
        await services.AssertServingAndIdleAsync();
    }

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public async Task Detokenize_StartLatentFrame_SendsTheUninterruptedByteStringFromThatLatentFramesFirstFrame(ulong start)
    {
        var tokens = DetokenizeCall.RandomTokens(latentFrames: 3, latentHeight: 2, latentWidth: 2, seed: 62);
        var header = DetokenizeCall.Header(2, 2, 3);
        var whole = await DetokenizeCall.RunAsync(services.DetokenizerClient, header, DetokenizeCall.Chunks(tokens, 1));
        var firstByte = (start == 0 ? 0ul : (4 * (start - 1)) + 1) * 16 * 16 * 3;

        using var call = services.DetokenizerClient.Detokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout));
        var resumedHeader = new DetokenizeHeader { Tokens = header, StartLatentFrame = start };
        var resumed = DetokenizeCall.Read(await DuplexCall.ExchangeAsync(call, DetokenizeCall.Requests(resumedHeader, DetokenizeCall.Chunks(tokens, 1))));

        Assert.Equal(whole.Header, resumed.Header);
        Assert.Equal(whole.Chunks.Where(c => c.Offset >= firstByte), resumed.Chunks);
        Assert.Equal(9ul - (firstByte / (16 * 16 * 3)), resumed.Summary.Frames);
        await services.AssertServingAndIdleAsync();
    }

    private async Task<TokenizeCall.Result> TokenizeAsync(ulong start)
    {
        using var call = services.TokenizerClient.Tokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout));
        var header = TokenizeCall.Header(Clip);
        header.StartLatentFrame = start;
        var requests = new Magvit.Contracts.FrameChunker(1000).Chunk(Clip.Rgb24).Select(c => new TokenizeRequest { Frames = c }).Prepend(new TokenizeRequest { Header = header });
        return TokenizeCall.Read(await DuplexCall.ExchangeAsync(call, requests));
    }
}
