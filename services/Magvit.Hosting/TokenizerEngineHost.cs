using Magvit.Model.Numerics;
using Magvit.Model.Tokenizer;
using Magvit.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace Magvit.Hosting;

/// <summary>
/// The tokenizer and detokenizer services' engine: the tokenizer behind the runtime's batching queue. Before
/// reporting SERVING it runs the conv numerics self-check against float64 (platform.md's conv defect).
/// </summary>
public sealed class TokenizerEngineHost(
    IOptions<MagvitHostOptions> options,
    ModelReadiness readiness,
    ILoggerFactory loggerFactory,
    System.Diagnostics.Metrics.IMeterFactory meterFactory,
    IHostApplicationLifetime lifetime)
    : EngineHost<TokenizerEngine>(options, readiness, loggerFactory.CreateLogger<TokenizerEngineHost>(), lifetime)
{
    /// <summary>What is served; set once ready.</summary>
    public ServedModel? Model { get; private set; }

    /// <inheritdoc />
    protected override (TokenizerEngine Engine, string Description) Create(MagvitHostOptions settings)
    {
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
            var report = ConvNumericsCheck.Run(loaded.Config, ServedModel.Identify(settings).ModelId);
            if (!report.Passed)
            {
                loaded.Dispose();
                throw new InvalidOperationException($"Conv numerics self-check failed on {report.Rows.Count(r => !r.Passed)} shapes; run `magvit doctor`.");
            }
        }

        return (loaded, $"{ServedModel.Identify(settings).ModelId} ({loaded.Config.Kind} tokenizer)");
    }

    /// <inheritdoc />
    protected override void OnLoaded(TokenizerEngine loaded, MagvitHostOptions settings)
    {
        var (modelId, sha) = ServedModel.Identify(settings);
        Model = new ServedModel(modelId, sha, loaded.Config);
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
}
