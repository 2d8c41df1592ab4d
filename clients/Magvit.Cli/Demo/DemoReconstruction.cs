namespace Magvit.Cli.Demo;

/// <summary>
/// Tokenize → detokenize: RGB PSNR of the pooled MSE over every frame; <c>RawBpp</c> = K ÷ pixels per token (spatial² ×
/// temporal factor); <c>ClipBpp</c> = every token's bits ÷ every pixel of the clip (the first latent frame stands for one frame).
/// </summary>
internal sealed record DemoReconstruction(
    int Frames,
    long LatentFrames,
    int GridHeight,
    int GridWidth,
    int CodebookBits,
    long Tokens,
    double PsnrDb,
    double RawBpp,
    double ClipBpp,
    double? TimeToFirstTokenMs,
    double? TimeToFirstFrameMs,
    double? TotalMs);
