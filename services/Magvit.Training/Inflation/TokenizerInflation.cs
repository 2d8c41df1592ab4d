using Magvit.Model.Tokenizer;
using Magvit.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Training.Inflation;

/// <summary>
/// Image → video inflation (reference §1.4, "last temporal inflation as MAGVIT2 does"): every 2-D kernel goes into
/// the last temporal tap of its 3-D kernel (the current frame; the earlier taps are zero), and a temporal
/// up-sampler, which needs twice the image conv's outputs, takes the image weights (and bias) twice along the output
/// channels so both new frames start identical. Everything else (norms, AdaGN linears) is copied. A causal video
/// model inflated so reproduces the image model frame by frame: latent frame j is the image latent of frame 4j, and
/// a still clip decodes to the image reconstruction in every frame.
/// </summary>
public static class TokenizerInflation
{
    /// <summary>Loads the inflation of <paramref name="image"/>'s weights into <paramref name="video"/>.</summary>
    /// <exception cref="ArgumentException">The configs differ in more than the kind, or the source is not an image model.</exception>
    public static void Inflate(MagvitTokenizer image, MagvitTokenizer video)
    {
        RequireCompatible(image.Config, video.Config);
        using var scope = NewDisposeScope();
        StateDictLoader.LoadStrict(video, InflateState(image.state_dict(), video.state_dict()));
    }

    /// <summary>
    /// The inflated tensors for every key of <paramref name="videoTemplate"/> (names and shapes of the video model),
    /// from an image model's state (e.g. its EMA copy). Results are new tensors on the image tensors' device.
    /// </summary>
    public static Dictionary<string, Tensor> InflateState(IReadOnlyDictionary<string, Tensor> imageState, IReadOnlyDictionary<string, Tensor> videoTemplate)
    {
        using var noGrad = no_grad();
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, target) in videoTemplate)
        {
            var imageKey = key.Replace(".conv_1.", ".", StringComparison.Ordinal);
            if (!imageState.TryGetValue(imageKey, out var source))
            {
                throw new ArgumentException($"The image state has no '{imageKey}' (for '{key}').", nameof(imageState));
            }

            var value = source.detach();
            if (key.Contains(".conv_1.", StringComparison.Ordinal) && target.shape[0] == 2 * value.shape[0])
            {
                value = cat([value, value], 0);   // temporal up-sampler: both sub-frames start as the image's output
            }

            if (target.dim() == 5)
            {
                var kernel = zeros(target.shape, value.dtype, value.device);
                kernel.select(2, target.shape[2] - 1).copy_(value);   // the current-frame tap
                value = kernel;
            }
            else
            {
                value = value.clone();
            }

            if (!value.shape.SequenceEqual(target.shape))
            {
                throw new ArgumentException(
                    $"'{key}': the image tensor inflates to [{string.Join(", ", value.shape)}], the video model needs [{string.Join(", ", target.shape)}].",
                    nameof(imageState));
            }

            result.Add(key, value);
        }

        return result;
    }

    /// <summary>The video config of an image config: the same architecture with <paramref name="kind"/>.</summary>
    public static TokenizerConfig VideoConfig(TokenizerConfig image, TokenizerKind kind = TokenizerKind.CausalVideo)
        => image with { Kind = kind };

    private static void RequireCompatible(TokenizerConfig image, TokenizerConfig video)
    {
        if (image.Kind != TokenizerKind.Image || !video.IsVideo)
        {
            throw new ArgumentException($"Inflation goes from an Image model to a video model, not {image.Kind} → {video.Kind}.");
        }

        if (image with { Kind = video.Kind, ChannelMultipliers = video.ChannelMultipliers } != video || !image.ChannelMultipliers.SequenceEqual(video.ChannelMultipliers))
        {
            throw new ArgumentException("The image and video configs must differ in their kind only.");
        }
    }
}
