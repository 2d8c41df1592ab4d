namespace Magvit.Model.Tokenizer.Layers;

/// <summary>Builds the 2-D or causal 3-D flavour of each layer, so the encoder and decoder are written once.</summary>
public sealed class LayerFactory(TokenizerConfig config)
{
    /// <summary>The model's norm statistics mode.</summary>
    public NormMode NormMode { get; } = config.Kind switch
    {
        TokenizerKind.Image => NormMode.Image,
        TokenizerKind.Video => NormMode.Joint,
        _ => NormMode.PerFrame,
    };

    /// <summary>The config being built.</summary>
    public TokenizerConfig Config { get; } = config;

    /// <summary>GroupNorm(32, C, eps 1e-6) with affine terms.</summary>
    public AffineGroupNorm Norm(long channels) => new(Config.NormGroups, channels, NormMode);

    /// <summary>A k×k (image) or k×k×k causal (video) conv; <paramref name="strideTime"/> is ignored for images.</summary>
    public FrameModule Conv(long inChannels, long outChannels, long kernel, long strideSpace = 1, long strideTime = 1, bool hasBias = true)
        => Config.IsVideo
            ? new CausalConv3d(inChannels, outChannels, kernel, strideTime, strideSpace, hasBias)
            : new Conv2dLayer(inChannels, outChannels, kernel, strideSpace, hasBias);
}
