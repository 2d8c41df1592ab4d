using Magvit.Contracts.V1;
using Magvit.Model.Tokenizer;

namespace Magvit.Hosting;

/// <summary>Maps what is served to the shared contract messages (both services describe the same tokenizer).</summary>
public static class ContractMapping
{
    /// <summary>The token header for a stream or image of <paramref name="latentFrames"/> (null: unknown yet).</summary>
    public static TokenHeader TokenHeader(ServedModel model, uint latentHeight, uint latentWidth, ulong? latentFrames)
    {
        var grid = new LatentGrid { Height = latentHeight, Width = latentWidth };
        if (latentFrames is { } frames)
        {
            grid.Frames = frames;
        }

        return new TokenHeader
        {
            CodebookBits = (uint)model.Config.LatentChannels,
            Grid = grid,
            RasterOrder = RasterOrder.TimeRowColumn,
            BitOrder = TokenBitOrder.LsbFirst,
            Model = Identity(model),
            Geometry = Geometry(model.Config),
        };
    }

    /// <summary>Model id and weights hash.</summary>
    public static ModelIdentity Identity(ServedModel model) => new() { ModelId = model.ModelId, WeightsSha256 = model.WeightsSha256 };

    /// <summary>Factors and the frame rule of <paramref name="config"/>.</summary>
    public static TokenizerGeometry Geometry(TokenizerConfig config)
        => Geometry(config.Kind, config.SpatialFactor, config.TemporalFactor);

    /// <summary>Factors and the frame rule of a tokenizer of <paramref name="kind"/>.</summary>
    public static TokenizerGeometry Geometry(TokenizerKind kind, int spatialFactor, int temporalFactor) => new()
    {
        SpatialFactor = (uint)spatialFactor,
        TemporalFactor = (uint)temporalFactor,
        FrameRule = kind switch
        {
            TokenizerKind.CausalVideo => FrameRule.Causal,
            TokenizerKind.Video => FrameRule.Windowed,
            _ => FrameRule.Image,
        },
        WindowFrames = kind == TokenizerKind.Video ? (uint)Model.Streaming.TokenizerSessions.DefaultWindowFrames : 0,
    };

    /// <summary>The full model description.</summary>
    public static ModelInfo ModelInfo(ServedModel model, MagvitHostOptions options) => new()
    {
        Identity = Identity(model),
        CodebookBits = (uint)model.Config.LatentChannels,
        Geometry = Geometry(model.Config),
        PixelFormats = { PixelFormat.Rgb24 },
        MaxWidth = (uint)options.MaxWidth,
        MaxHeight = (uint)options.MaxHeight,
    };

    /// <summary>FAILED_PRECONDITION-worthy mismatch between expected and served weights, or null.</summary>
    public static string? IdentityMismatch(ModelIdentity? expected, ServedModel served)
        => expected is { WeightsSha256.Length: > 0 } && !string.Equals(expected.WeightsSha256, served.WeightsSha256, StringComparison.OrdinalIgnoreCase)
            ? $"The request expects weights {expected.WeightsSha256}; this server has {served.WeightsSha256} ({served.ModelId})."
            : null;
}
