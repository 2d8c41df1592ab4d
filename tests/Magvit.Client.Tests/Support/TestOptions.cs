namespace Magvit.Client.Tests.Support;

/// <summary>Client options for tests: the production defaults with back-off short enough for a test run.</summary>
internal static class TestOptions
{
    public static MagvitClientOptions For(string? tokenizer, string? detokenizer, string? generator, Action<MagvitClientOptions>? configure = null)
    {
        var options = new MagvitClientOptions
        {
            TokenizerAddress = tokenizer,
            DetokenizerAddress = detokenizer,
            GeneratorAddress = generator,
            StreamIdleTimeout = TimeSpan.FromSeconds(30),
        };
        options.Channel.InitialReconnectBackoff = TimeSpan.FromMilliseconds(50);
        options.Channel.MaxReconnectBackoff = TimeSpan.FromMilliseconds(500);
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Resume.InitialDelay = TimeSpan.FromMilliseconds(50);
        options.Resume.MaxDelay = TimeSpan.FromMilliseconds(500);
        options.Resume.MaxReopenRetries = 40;
        configure?.Invoke(options);
        return options;
    }
}
