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
    private (string ModelId, string WeightsSha256) identity;

    /// <summary>What is served; set once ready.</summary>
    public ServedModel? Model { get; private set; }

    /// <inheritdoc />
    protected override (TokenizerEngine Engine, string Description) Create(MagvitHostOptions settings)
    {
        // Hash the weights before loading them: the hash names what is served, whatever happens to the file later.
        identity = ServedModel.Identify(settings);
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
            var report = ConvNumericsCheck.Run(loaded.Config, identity.ModelId);
            if (!report.Passed)
            {
                loaded.Dispose();
                throw new InvalidOperationException($"Conv numerics self-check failed on {report.Rows.Count(r => !r.Passed)} shapes; run `magvit doctor`.");
            }
        }

        return (loaded, $"{identity.ModelId} ({loaded.Config.Kind} tokenizer)");
    }

    /// <inheritdoc />
    protected override void OnLoaded(TokenizerEngine loaded, MagvitHostOptions settings)
        => Model = new ServedModel(identity.ModelId, identity.WeightsSha256, loaded.Config);

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
