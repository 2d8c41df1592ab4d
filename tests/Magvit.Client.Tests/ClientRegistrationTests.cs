using Magvit.Client.Pipeline;
using Magvit.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Magvit.Client.Tests;

/// <summary>AddMagvitClients: the clients resolve from DI, reach the services (also through dns:/// round robin), and bad options fail early.</summary>
[Collection(SharedServices.Name)]
public sealed class ClientRegistrationTests(ServicesFixture services)
{
    [Fact]
    public async Task AddMagvitClients_ResolvedClientsAndPipeline_ReachTheServices()
    {
        await using var provider = new ServiceCollection()
            .AddMagvitClients(o => (o.TokenizerAddress, o.DetokenizerAddress, o.GeneratorAddress) = (services.Tokenizer.Address, services.Detokenizer.Address, services.Generator.Address))
            .BuildServiceProvider(validateScopes: true);

        var tokenizer = provider.GetRequiredService<ITokenizerClient>();
        var pipeline = provider.GetRequiredService<MagvitPipeline>();

        Assert.Same(provider.GetRequiredService<MagvitClients>().Tokenizer, tokenizer);
        Assert.Equal(6, (await tokenizer.GetModelInfoAsync().Within()).CodebookBits);
        Assert.Equal(6, (await provider.GetRequiredService<IGeneratorClient>().GetModelInfoAsync().Within()).CodebookBits);
        Assert.Equal(5, (await pipeline.Reconstruct(VideoFrames.Of(TestVideo.Frames(5, seed: 40))).Frames.ReadAllWithinAsync()).Count);
    }

    [Fact]
    public async Task DnsAddress_RoundRobinOverWhatTheNameResolvesTo_ReachesTheService()
    {
        // localhost resolves to 127.0.0.1 (where the host listens) and possibly ::1 (where nothing does): round robin
        // uses the addresses that connect.
        using var clients = new MagvitClients(TestOptions.For($"dns:///localhost:{services.Tokenizer.Port}", null, null));

        var info = await clients.Tokenizer.GetModelInfoAsync().Within();
        await using var tokens = await clients.Tokenizer.TokenizeAsync(VideoFrames.Of(TestVideo.Frames(5, seed: 41))).Within();

        Assert.Equal(6, info.CodebookBits);
        Assert.Equal(2, (await tokens.ReadAllAsync().ReadAllWithinAsync()).Count);
    }

    [Fact]
    public async Task UnconfiguredService_FailsWhenFirstUsedNamingTheSetting()
    {
        using var clients = new MagvitClients(TestOptions.For(services.Tokenizer.Address, null, null));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => clients.Generator.GetModelInfoAsync().Within());

        Assert.Contains("GeneratorAddress", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://tokenizer:5000", "TokenizerAddress")]
    [InlineData("not an address", "TokenizerAddress")]
    public void InvalidOptions_RejectedWhenTheClientsAreBuilt(string address, string field)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new MagvitClients(TestOptions.For(address, null, null)));

        Assert.Contains(error.Failures, f => f.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidPollySettings_RejectedWithTheirNames()
    {
        var options = TestOptions.For(null, null, null, o => (o.CircuitBreaker.BreakDuration, o.Retry.MaxRetries, o.StreamIdleTimeout) = (TimeSpan.FromMilliseconds(10), 0, TimeSpan.Zero));

        var result = new MagvitClientOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("BreakDuration", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Retry.MaxRetries", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("StreamIdleTimeout", StringComparison.Ordinal));
    }
}
