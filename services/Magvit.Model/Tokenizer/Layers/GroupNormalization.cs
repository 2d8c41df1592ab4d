using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>Group normalisation for each <see cref="NormMode"/>, with optional per-channel affine terms.</summary>
public static class GroupNormalization
{
    /// <summary>The reference's epsilon everywhere.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>Normalises <paramref name="x"/> over <paramref name="groups"/> groups, then scales and shifts per channel.</summary>
    public static Tensor Normalize(Tensor x, long groups, NormMode mode, Tensor? weight = null, Tensor? bias = null)
    {
        switch (mode)
        {
            case NormMode.Image:
                return nn.functional.group_norm(x, groups, weight, bias, Epsilon);
            case NormMode.PerFrame:
                var (b, t) = (x.shape[0], x.shape[1]);
                if (t == 0)
                {
                    return x;
                }

                var frames = x.reshape(b * t, x.shape[2], x.shape[3], x.shape[4]);
                return nn.functional.group_norm(frames, groups, weight, bias, Epsilon).view(x.shape);
            default:
                // (B, T, G, C/G·H·W): statistics over time and the group's elements together.
                var grouped = x.reshape(x.shape[0], x.shape[1], groups, -1);
                var (variance, mean) = var_mean(grouped, [1, 3], unbiased: false, keepdim: true);
                var normalized = ((grouped - mean) * rsqrt(variance + Epsilon)).view(x.shape);
                return weight is null ? normalized : (normalized * weight.view(1, 1, -1, 1, 1)) + bias!.view(1, 1, -1, 1, 1);
        }
    }
}
