namespace Magvit.Training.Metrics;

/// <summary>One validation pass of the EMA weights on the held-out clips.</summary>
/// <param name="Step">Global step after which it ran.</param>
/// <param name="Phase">"image" or "main".</param>
/// <param name="VideoClips">Multi-frame windows measured (0 in the image phase or for image models).</param>
/// <param name="VideoPsnr">RGB PSNR of the pooled MSE over all frames of all windows; null without windows.</param>
/// <param name="VideoSsim">Mean SSIM over the windows' frames; null without windows.</param>
/// <param name="Images">1-frame clips measured.</param>
/// <param name="ImagePsnr">RGB PSNR of the pooled MSE over the images.</param>
/// <param name="ImageSsim">Mean SSIM over the images.</param>
/// <param name="Tokens">Tokens counted for the codebook numbers.</param>
/// <param name="DistinctCodes">Distinct codes among them.</param>
/// <param name="CodebookUsage">Distinct codes ÷ codebook size.</param>
/// <param name="Perplexity">exp(entropy) of the code frequencies.</param>
public sealed record ValidationMetrics(
    long Step,
    string Phase,
    int VideoClips,
    double? VideoPsnr,
    double? VideoSsim,
    int Images,
    double? ImagePsnr,
    double? ImageSsim,
    long Tokens,
    int DistinctCodes,
    double CodebookUsage,
    double Perplexity);
