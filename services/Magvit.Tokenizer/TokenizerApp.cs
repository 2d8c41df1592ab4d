using Magvit.Hosting;

namespace Magvit.Tokenizer;

/// <summary>The tokenizer service host; tests start it on loopback with their own arguments.</summary>
public static class TokenizerApp
{
    /// <summary>A configured, not yet started, application.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMagvitServiceDefaults(TokenizerGrpcService.ServiceName).AddTokenizerEngine();
        var app = builder.Build();
        app.MapGrpcService<TokenizerGrpcService>();
        app.MapMagvitDefaults();
        return app;
    }
}
