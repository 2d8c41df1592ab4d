using Magvit.Hosting;

namespace Magvit.Generator;

/// <summary>The generator service host; tests start it on loopback with their own arguments.</summary>
public static class GeneratorApp
{
    /// <summary>A configured, not yet started, application.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMagvitServiceDefaults(GeneratorGrpcService.ServiceName).AddGeneratorEngine();
        var app = builder.Build();
        app.MapGrpcService<GeneratorGrpcService>();
        app.MapMagvitDefaults();
        return app;
    }
}
