using Magvit.Detokenizer;
using Magvit.Generator;
using Magvit.Tokenizer;

namespace Magvit.Client.Tests.Support;

/// <summary>
/// A tokenizer, a detokenizer and a generator host over the test models, shared by the classes that leave them running
/// (<see cref="SharedServices"/>), and clients for them with test-sized resilience settings.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    internal TestHost Tokenizer { get; private set; } = null!;

    internal TestHost Detokenizer { get; private set; } = null!;

    internal TestHost Generator { get; private set; } = null!;

    internal MagvitClients Clients { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // One at a time: a host loads its model on a background thread, and the random weights are made in order.
        Tokenizer = await TestHost.StartAsync(TokenizerApp.Build, $"--Magvit:ModelPath={TestModels.TokenizerPath}");
        Detokenizer = await TestHost.StartAsync(DetokenizerApp.Build, $"--Magvit:ModelPath={TestModels.TokenizerPath}");
        Generator = await TestHost.StartAsync(GeneratorApp.Build, $"--Magvit:ModelPath={TestModels.GeneratorPath}");
        Clients = NewClients();
    }

    public async Task DisposeAsync()
    {
        Clients.Dispose();
        await Generator.DisposeAsync();
        await Detokenizer.DisposeAsync();
        await Tokenizer.DisposeAsync();
    }

    /// <summary>Clients for the three hosts, with quick resume back-off; <paramref name="configure"/> may change more.</summary>
    internal MagvitClients NewClients(Action<MagvitClientOptions>? configure = null)
        => new(TestOptions.For(Tokenizer.Address, Detokenizer.Address, Generator.Address, configure));
}
