namespace Magvit.Cli.Demo;

/// <summary>What <c>magvit demo</c> was asked to do.</summary>
/// <param name="Input">The clip (any file ffmpeg reads).</param>
/// <param name="OutputDirectory">Where the outputs go (created).</param>
/// <param name="Frames">Frames to reconstruct; null: as many as the generator's context holds.</param>
/// <param name="PromptLatentFrames">Latent frames of the continuation's prompt; null: 2 (at most the context − 1).</param>
/// <param name="Seed">The generator's seed.</param>
/// <param name="Steps">Masked decoding steps per latent frame; null: the server's default.</param>
/// <param name="Scale">Nearest-neighbour magnification of the written videos and strip.</param>
/// <param name="OutputFrameRate">Playback rate of the written videos; null: the input's.</param>
internal sealed record DemoSettings(string Input, string OutputDirectory, int? Frames, int? PromptLatentFrames, ulong Seed, int? Steps, int Scale, double? OutputFrameRate);
