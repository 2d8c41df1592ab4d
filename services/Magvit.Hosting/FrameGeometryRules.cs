using Magvit.Contracts.V1;
using Magvit.Model.Tokenizer;

namespace Magvit.Hosting;

/// <summary>Validation of frame sizes against the model's factors and the service's limits, with field paths.</summary>
public static class FrameGeometryRules
{
    /// <summary>Throws <see cref="RequestValidationException"/> listing every problem of a frame geometry.</summary>
    public static void Require(string field, uint width, uint height, PixelFormat format, TokenizerConfig config, MagvitHostOptions limits)
    {
        var violations = new List<(string, string)>();
        var factor = (uint)config.SpatialFactor;
        if (width == 0 || width % factor != 0)
        {
            violations.Add(($"{field}.width", $"must be a positive multiple of the model's spatial factor {factor}, got {width}"));
        }

        if (height == 0 || height % factor != 0)
        {
            violations.Add(($"{field}.height", $"must be a positive multiple of the model's spatial factor {factor}, got {height}"));
        }

        if (width > limits.MaxWidth)
        {
            violations.Add(($"{field}.width", $"exceeds this server's limit of {limits.MaxWidth}"));
        }

        if (height > limits.MaxHeight)
        {
            violations.Add(($"{field}.height", $"exceeds this server's limit of {limits.MaxHeight}"));
        }

        if (format != PixelFormat.Rgb24)
        {
            violations.Add(($"{field}.pixel_format", $"must be PIXEL_FORMAT_RGB24, got {format}"));
        }

        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }
    }

    /// <summary>
    /// Throws <see cref="RequestValidationException"/> listing every problem of a token grid: sides ≥ 1 whose frames
    /// (side × spatial factor, computed in 64 bits so that no side wraps round to a small one) stay within the limits,
    /// and, when set, a positive number of latent frames whose decoded frame count fits in 32 bits.
    /// </summary>
    public static void RequireGrid(string field, LatentGrid grid, TokenizerConfig config, MagvitHostOptions limits)
    {
        var violations = new List<(string, string)>();
        var factor = (ulong)config.SpatialFactor;
        foreach (var (side, tokens, limit) in new[] { ("width", grid.Width, limits.MaxWidth), ("height", grid.Height, limits.MaxHeight) })
        {
            if (tokens == 0)
            {
                violations.Add(($"{field}.{side}", "must be at least 1"));
            }
            else if (tokens * factor > (ulong)limit)
            {
                violations.Add(($"{field}.{side}", $"{tokens} tokens × spatial factor {factor} = {tokens * factor} pixels exceeds this server's limit of {limit}"));
            }
        }

        var maxLatentFrames = ((ulong)(int.MaxValue - 1) / (ulong)config.TemporalFactor) + 1;
        if (grid.HasFrames && (grid.Frames is 0 || grid.Frames > maxLatentFrames))
        {
            violations.Add(($"{field}.frames", $"must be 1 … {maxLatentFrames} when set, got {grid.Frames}"));
        }

        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }
    }
}
