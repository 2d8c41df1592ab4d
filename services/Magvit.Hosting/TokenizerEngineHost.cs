using Magvit.Model.Numerics;
using Magvit.Model.Tokenizer;
using Magvit.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace Magvit.Hosting;

/// <summary>
/// Owns the service's <see cref="TokenizerEngine"/>. Starts loading in the background so the health endpoint
/// answers NOT_SERVING meanwhile; runs the conv numerics self-check against float64; then reports SERVING. As soon as
/// shutdown begins it reports NOT_SERVING, so new streams go elsewhere while running ones drain.
/// </summary>
public sealed partial class TokenizerEngineHost(
    IOptions<MagvitHostOptions> options,
    ModelReadiness readiness,
    ILoggerFactory loggerFactory,
    System.Diagnostics.Metrics.IMeterFactory meterFactory,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger logger = loggerFactory.CreateLogger<TokenizerEngineHost>();
    private volatile TokenizerEngine? engine;
    private CancellationTokenRegistration stopping;

    /// <summary>What is served; set once ready.</summary>
    public ServedModel? Model { get; private set; }

    /// <summary>True when the model could not be loaded and the host stopped itself: the process should exit non-zero.</summary>
    public bool LoadFailed { get; private set; }

    /// <summary>The engine, or UNAVAILABLE while the model loads or after shutdown began.</summary>
    public TokenizerEngine Engine => readiness.IsReady && engine is { } ready ? ready : throw new ServiceNotReadyException();

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The web server is the last hosted service to start, so it is the first to stop: it drains running streams
        // before this service's StopAsync runs. Readiness must drop when shutdown begins, so that no new streams are
        // sent here during the drain.
        stopping = lifetime.ApplicationStopping.Register(() => readiness.SetNotReady("shutting down"));
        return Task.Run(() => Load(stoppingToken), stoppingToken);
    }

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
    }

    private void Load(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            var source = settings.ModelPath ?? $"random weights ({settings.Preset})";
            LogLoading(logger, source);
            var (modelId, sha) = ServedModel.Identify(settings);
            var videoKind = Enum.Parse<TokenizerKind>(settings.VideoKind);
            var engineOptions = new TokenizerEngineOptions
            {
                Threads = settings.Threads,
                MaxBatchSize = settings.MaxBatchSize,
                MaxBatchDelay = settings.MaxBatchDelay,
                MaxQueue = settings.MaxQueue,
            };
            var loaded = new TokenizerEngine(() => Build(settings, videoKind), engineOptions, loggerFactory.CreateLogger<TokenizerEngine>(), meterFactory);
            if (settings.NumericsCheck)
            {
                var report = ConvNumericsCheck.Run(loaded.Config, modelId);
                if (!report.Passed)
                {
                    loaded.Dispose();
                    throw new InvalidOperationException($"Conv numerics self-check failed on {report.Rows.Count(r => !r.Passed)} shapes; run `magvit doctor`.");
                }
            }

            if (stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Shutdown began while the model loaded: never report SERVING, and free the engine nobody will use.
                loaded.Dispose();
                readiness.SetNotReady("stopped before the model loaded");
                return;
            }

            engine = loaded;
            Model = new ServedModel(modelId, sha, loaded.Config);
            readiness.SetReady();
            LogReady(logger, modelId, loaded.Config.Kind);
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

    private static MagvitTokenizer Build(MagvitHostOptions settings, TokenizerKind videoKind)
    {
        if (string.IsNullOrWhiteSpace(settings.ModelPath))
        {
            torch.manual_seed(0);
            var random = new MagvitTokenizer(TokenizerPresets.Get(settings.Preset!));
            random.eval();
            return random;
        }

        return TokenizerCheckpoint.Load(settings.ModelPath, settings.UseEma, videoKind);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading tokenizer from {Source}")]
    private static partial void LogLoading(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {ModelId} ({Kind})")]
    private static partial void LogReady(ILogger logger, string modelId, TokenizerKind kind);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The model could not be loaded; stopping")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
