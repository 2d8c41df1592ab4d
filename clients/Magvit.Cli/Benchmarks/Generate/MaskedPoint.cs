namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>Masked decoding of one grid at one step count (medians over rounds).</summary>
/// <param name="Shape">"image" (one latent frame) or "video" (every latent frame, decoded frame by frame).</param>
/// <param name="LatentFrames">Latent frames generated.</param>
/// <param name="Steps">Decoding iterations per latent frame (forward passes).</param>
/// <param name="MsPerFrame">Wall time per generated latent frame.</param>
/// <param name="MsPerStep">MsPerFrame ÷ Steps: one forward pass plus its sampling.</param>
/// <param name="FirstFrameMs">Latent frame 0 (sequence: condition + one frame).</param>
/// <param name="LastFrameMs">The last latent frame (sequence: condition + every frame): attention over the longest context.</param>
/// <param name="TokensPerSecond">Generated tokens per second of wall time.</param>
internal sealed record MaskedPoint(string Shape, int LatentFrames, int Steps, double MsPerFrame, double MsPerStep, double FirstFrameMs, double LastFrameMs, double TokensPerSecond);
