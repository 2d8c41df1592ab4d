using Magvit.Model.Tokenizer;

namespace Magvit.Model.Streaming;

/// <summary>Picks the streaming strategy a model supports: causal state for CausalVideo, windows otherwise.</summary>
public static class TokenizerSessions
{
    /// <summary>The reference's window: 17 frames → 5 latent frames.</summary>
    public const int DefaultWindowFrames = 17;

    /// <summary>An encoder session; <paramref name="windowFrames"/> applies to non-causal video models only.</summary>
    public static IEncoderSession CreateEncoder(MagvitTokenizer model, int windowFrames = DefaultWindowFrames) => model.Config.Kind switch
    {
        TokenizerKind.CausalVideo => new CausalEncoderSession(model),
        TokenizerKind.Video => new WindowedEncoderSession(model, windowFrames),
        _ => new WindowedEncoderSession(model, 1),
    };

    /// <summary>The matching decoder session.</summary>
    public static IDecoderSession CreateDecoder(MagvitTokenizer model, int windowFrames = DefaultWindowFrames) => model.Config.Kind switch
    {
        TokenizerKind.CausalVideo => new CausalDecoderSession(model),
        TokenizerKind.Video => new WindowedDecoderSession(model, windowFrames),
        _ => new WindowedDecoderSession(model, 1),
    };
}
