namespace Magvit.Client;

/// <summary>What a generator server has loaded.</summary>
/// <param name="Identity">The generator's own weights.</param>
/// <param name="Kind">Masked or autoregressive.</param>
/// <param name="CodebookBits">K: bits per token.</param>
/// <param name="FactorizedBits">Bits of each sub-token, least significant first.</param>
/// <param name="ClassCount">Classes [0, ClassCount); 0 = unconditional only.</param>
/// <param name="MaxLatentFrames">Most latent frames in one sequence, prompt included.</param>
/// <param name="GridHeight">Latent grid height of every frame.</param>
/// <param name="GridWidth">Latent grid width of every frame.</param>
/// <param name="Tokenizer">The tokenizer the model was trained on, when known: pass its tokens to the matching detokenizer.</param>
/// <param name="TokenizerGeometry">That tokenizer's factors and frame rule, when known.</param>
/// <param name="Parameters">Trainable parameters.</param>
public sealed record GeneratorModelDescription(
    ModelIdentity Identity,
    GeneratorKind Kind,
    int CodebookBits,
    IReadOnlyList<int> FactorizedBits,
    int ClassCount,
    int MaxLatentFrames,
    int GridHeight,
    int GridWidth,
    ModelIdentity? Tokenizer,
    TokenGeometry? TokenizerGeometry,
    long Parameters);
