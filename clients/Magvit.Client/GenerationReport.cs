namespace Magvit.Client;

/// <summary>What the generator reported at the end of a generation (the whole generation, also after a resume).</summary>
/// <param name="PromptLatentFrames">Latent frames of the prompt.</param>
/// <param name="GeneratedLatentFrames">Latent frames generated.</param>
/// <param name="GeneratedTokens">Tokens generated.</param>
/// <param name="Steps">Model decoding steps.</param>
/// <param name="Elapsed">From the request's arrival to the end.</param>
/// <param name="TimeToFirstToken">From the request's arrival to the first generated token sent.</param>
/// <param name="QueueTime">Time spent waiting for a worker.</param>
public sealed record GenerationReport(long PromptLatentFrames, long GeneratedLatentFrames, long GeneratedTokens, long Steps, TimeSpan Elapsed, TimeSpan TimeToFirstToken, TimeSpan QueueTime);
