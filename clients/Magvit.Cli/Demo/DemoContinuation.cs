namespace Magvit.Cli.Demo;

/// <summary>Tokenize the prompt → generate → detokenize; PSNRs against the input's own frames where it has them.</summary>
internal sealed record DemoContinuation(
    int PromptFrames,
    int PromptLatentFrames,
    int GeneratedLatentFrames,
    int Frames,
    long GeneratedTokens,
    ulong? Seed,
    int? Steps,
    double PromptPsnrDb,
    double? GeneratedVsInputPsnrDb,
    double? TimeToFirstFrameMs,
    double? TotalMs);
