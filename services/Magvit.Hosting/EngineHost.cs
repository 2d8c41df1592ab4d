using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magvit.Hosting;

/// <summary>
/// Owns a service's inference engine. Loads it in the background so the health endpoint answers NOT_SERVING
/// meanwhile, then reports SERVING; as soon as shutdown begins it reports NOT_SERVING again, so new streams go
/// elsewhere while running ones drain. A model that cannot load stops the application (<see cref="LoadFailed"/>).
/// </summary>
/// <typeparam name="TEngine">The engine.</typeparam>
public abstract partial class EngineHost<TEngine>(
    IOptions<MagvitHostOptions> options,
    ModelReadiness readiness,
    ILogger logger,
    IHostApplicationLifetime lifetime) : BackgroundService
    where TEngine : class, IDisposable
{
    private volatile TEngine? engine;
    private CancellationTokenRegistration stopping;

    /// <summary>True when the model could not be loaded and the host stopped itself: the process should exit non-zero.</summary>
    public bool LoadFailed { get; private set; }

    /// <summary>The engine, or UNAVAILABLE while the model loads or after shutdown began.</summary>
    public TEngine Engine => readiness.IsReady && engine is { } ready ? ready : throw new ServiceNotReadyException();

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.SetNotReady("shutting down");
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        stopping.Dispose();
        engine?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Builds the engine (on a thread-pool thread) and describes it for the log; throws when the model cannot serve.
    /// Runs once; what it returns is served after <see cref="OnLoaded"/>.
    /// </summary>
    protected abstract (TEngine Engine, string Description) Create(MagvitHostOptions settings);

    /// <summary>Publishes what the loaded engine serves (called once, before readiness turns SERVING).</summary>
    protected abstract void OnLoaded(TEngine loaded, MagvitHostOptions settings);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The web server is the last hosted service to start, so it is the first to stop: it drains running streams
        // before this service's StopAsync runs. Readiness must drop when shutdown begins, so that no new streams are
        // sent here during the drain.
        stopping = lifetime.ApplicationStopping.Register(() => readiness.SetNotReady("shutting down"));
        return Task.Run(() => Load(stoppingToken), stoppingToken);
    }

    private void Load(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            var source = settings.ModelPath is { Length: > 0 } path ? path : $"random weights ({settings.Preset})";
            LogLoading(logger, source);
            var (loaded, description) = Create(settings);
            if (stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Shutdown began while the model loaded: never report SERVING, and free the engine nobody will use.
                loaded.Dispose();
                readiness.SetNotReady("stopped before the model loaded");
                return;
            }

            OnLoaded(loaded, settings);
            engine = loaded;
            readiness.SetReady();
            LogReady(logger, description);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            readiness.SetNotReady("stopped before the model loaded");
        }
        catch (Exception e)
        {
            readiness.SetNotReady("model failed to load: " + e.Message);
            LogLoadFailed(logger, e);
            LoadFailed = true;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loading model from {Source}")]
    private static partial void LogLoading(ILogger logger, string source);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Serving {Description}")]
    private static partial void LogReady(ILogger logger, string description);

    [LoggerMessage(EventId = 102, Level = LogLevel.Critical, Message = "The model could not be loaded; stopping")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
