using Magvit.Hosting;

namespace Magvit.Detokenizer;

/// <summary>The detokenizer service host; tests start it on loopback with their own arguments.</summary>
public static class DetokenizerApp
{
    /// <summary>A configured, not yet started, application.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMagvitServiceDefaults(DetokenizerGrpcService.ServiceName).AddTokenizerEngine();
        var app = builder.Build();
        app.MapGrpcService<DetokenizerGrpcService>();
        app.MapMagvitDefaults();
        return app;
    }
}
