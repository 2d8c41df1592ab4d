using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

[Collection(SharedServices.Name)]
public sealed class RoundTripTests(ServicesFixture services)
{
    [Theory]
    [InlineData(TokenEncoding.Packed)]
    [InlineData(TokenEncoding.Uint32)]
    public async Task TokenizeThenDetokenize_ThroughBothServices_EqualsOfflineEncodeAndDecode(TokenEncoding encoding)
    {
        var clip = new Clip(frames: 9, height: 16, width: 24, seed: 31);
        var offlineTokens = clip.OfflineTokens(services.Model);

        var detokenizer = (await services.DetokenizerClient.GetModelInfoAsync(new DetokenizerServiceGetModelInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10))
            .ResponseAsync.WaitAsync(ServiceHost.Timeout)).Model;

        // The tokenizer's header goes to the detokenizer as it is: its weights hash must be accepted.
        var tokens = await TokenizeCall.RunAsync(services.TokenizerClient, clip, 5000, encoding);
        var frames = await DetokenizeCall.RunAsync(services.DetokenizerClient, tokens.Header, tokens.Chunks);

        Assert.Equal(offlineTokens, tokens.Tokens);
        Assert.Equal(detokenizer.Identity.WeightsSha256, tokens.Header.Model.WeightsSha256);
        Assert.Equal((24u, 16u, 9ul), (frames.Header.Width, frames.Header.Height, frames.Header.FrameCount));
        DetokenizeCall.EqualWithinOneGreyLevel(Clip.OfflineDecode(services.Model, offlineTokens, 2, 3), frames.Bytes);
        Assert.Equal(3ul, frames.Summary.LatentFrames);
    }
}
