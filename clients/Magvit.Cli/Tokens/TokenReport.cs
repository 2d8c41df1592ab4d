using System.Globalization;
using Magvit.Media;

namespace Magvit.Cli.Tokens;

/// <summary>What a token file holds, for people and for --json.</summary>
internal sealed record TokenReport(
    string Path,
    int LatentFrames,
    int GridHeight,
    int GridWidth,
    int CodebookBits,
    long Tokens,
    long FileBytes,
    int? Frames,
    int? Width,
    int? Height,
    double? BitsPerPixel,
    string? ModelId,
    string? WeightsSha256,
    ulong? Seed = null)
{
    /// <summary>The report of <paramref name="video"/> written to <paramref name="path"/>, from <paramref name="source"/> frames when known.</summary>
    public static TokenReport Of(string path, TokenVideo video, RgbFrames? source, ulong? seed = null)
    {
        var h = video.Header;
        var bits = (double)video.TokenCount * h.CodebookBits;
        var pixels = source is null ? 0 : (double)source.Count * source.Width * source.Height;
        return new TokenReport(
            path, video.Frames.Count, h.GridHeight, h.GridWidth, h.CodebookBits, video.TokenCount, new FileInfo(path).Length,
            source?.Count, source?.Width, source?.Height, pixels > 0 ? bits / pixels : null, h.Model?.ModelId, h.Model?.WeightsSha256, seed);
    }

    /// <summary>One line for people.</summary>
    public string Describe()
    {
        var from = Frames is { } f ? $" from {f} frames of {Width}×{Height}" : string.Empty;
        var bpp = BitsPerPixel is { } b ? string.Create(CultureInfo.InvariantCulture, $", {b:0.####} bits per pixel") : string.Empty;
        var seed = Seed is { } s ? $", seed {s}" : string.Empty;
        return $"wrote {Path}: {LatentFrames} latent frames of {GridHeight}×{GridWidth} tokens (K = {CodebookBits}){from}: {Tokens} tokens in {FileBytes} bytes{bpp}{seed}";
    }
}
