using System.Net;
using Grpc.AspNetCore.HealthChecks;
using Magvit.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Magvit.Hosting;

/// <summary>The wiring every MagvitGrpc service shares, so each Program.cs stays a few lines.</summary>
public static class MagvitServiceDefaults
{
    /// <summary>
    /// Options (validated at start), a readiness gate for the engine (added by AddTokenizerEngine or AddGeneratorEngine), gRPC with the error interceptor,
    /// health, reflection, Prometheus metrics, and Kestrel endpoints: gRPC over HTTP/2 cleartext and /metrics over
    /// HTTP/1.1 on their own ports.
    /// </summary>
    public static WebApplicationBuilder AddMagvitServiceDefaults(this WebApplicationBuilder builder, string grpcServiceName)
    {
        var services = builder.Services;
        services.AddOptions<MagvitHostOptions>().Bind(builder.Configuration.GetSection(MagvitHostOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MagvitHostOptions>, MagvitHostOptionsValidator>();
        var settings = builder.Configuration.GetSection(MagvitHostOptions.Section).Get<MagvitHostOptions>() ?? new MagvitHostOptions();

        services.AddSingleton<ModelReadiness>();
        services.AddSingleton<StreamAdmission>();
        services.AddSingleton<ServiceMetrics>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);

        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.MaxReceiveMessageSize = settings.MaxReceiveMessageBytes;
            o.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        services.AddHealthChecks().Add(new HealthCheckRegistration("model", sp => sp.GetRequiredService<ModelReadiness>(), HealthStatus.Unhealthy, null));
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map(string.Empty, _ => true);
            o.Services.Map(grpcServiceName, _ => true);
        });
        services.Configure<HealthCheckPublisherOptions>(o => (o.Delay, o.Period) = (TimeSpan.Zero, TimeSpan.FromSeconds(1)));

        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(TokenizerEngine.MeterName, ServiceMetrics.MeterName)
            .AddPrometheusExporter());

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel's options are built with the application, before options are validated at start: a bad address
            // or port must fail there, in an OptionsValidationException naming the setting, not here in a
            // FormatException that names none.
            if (!IPAddress.TryParse(settings.BindAddress, out var address) || settings.GrpcPort is < 0 or > 65535 || settings.MetricsPort is < 0 or > 65535)
            {
                return;
            }

            kestrel.Listen(address, settings.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, settings.MetricsPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }

    /// <summary>The tokenizer engine (tokenizer and detokenizer services), loaded in the background.</summary>
    public static WebApplicationBuilder AddTokenizerEngine(this WebApplicationBuilder builder) => builder.AddEngineHost<TokenizerEngineHost>();

    /// <summary>The token-model engine (generator service), loaded in the background.</summary>
    public static WebApplicationBuilder AddGeneratorEngine(this WebApplicationBuilder builder) => builder.AddEngineHost<GeneratorEngineHost>();

    /// <summary>Maps grpc.health.v1, server reflection and /metrics.</summary>
    public static WebApplication MapMagvitDefaults(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static WebApplicationBuilder AddEngineHost<THost>(this WebApplicationBuilder builder)
        where THost : class, IHostedService
    {
        builder.Services.AddSingleton<THost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<THost>());
        return builder;
    }
}
