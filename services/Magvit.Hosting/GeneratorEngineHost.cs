using Magvit.Model.Generation;
using Magvit.Runtime.Generation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magvit.Hosting;

/// <summary>The generator service's engine: the token model (masked or autoregressive) behind the runtime's queue.</summary>
public sealed class GeneratorEngineHost(
    IOptions<MagvitHostOptions> options,
    ModelReadiness readiness,
    ILoggerFactory loggerFactory,
    System.Diagnostics.Metrics.IMeterFactory meterFactory,
    IHostApplicationLifetime lifetime)
    : EngineHost<GeneratorEngine>(options, readiness, loggerFactory.CreateLogger<GeneratorEngineHost>(), lifetime)
{
    /// <summary>What is served; set once ready.</summary>
    public ServedGenerator? Model { get; private set; }

    /// <inheritdoc />
    protected override (GeneratorEngine Engine, string Description) Create(MagvitHostOptions settings)
    {
        var engineOptions = new GeneratorEngineOptions { Threads = settings.Threads, Replicas = settings.Replicas, MaxQueue = settings.MaxQueue };
        var loaded = new GeneratorEngine(() => Build(settings), engineOptions, loggerFactory.CreateLogger<GeneratorEngine>(), meterFactory);
        var d = loaded.Description;
        return (loaded, $"{settings.ModelPath ?? settings.Preset} ({d.Kind} generator, {d.Parameters:N0} parameters, K = {d.Factorization.TotalBits})");
    }

    /// <inheritdoc />
    protected override void OnLoaded(GeneratorEngine loaded, MagvitHostOptions settings) => Model = ServedGenerator.Describe(settings, loaded.Description);

    private static ITokenGenerator Build(MagvitHostOptions settings)
        => string.IsNullOrWhiteSpace(settings.ModelPath)
            ? GeneratorCheckpoint.CreateRandom(settings.Preset!, seed: 0)
            : GeneratorCheckpoint.Load(settings.ModelPath);
}
