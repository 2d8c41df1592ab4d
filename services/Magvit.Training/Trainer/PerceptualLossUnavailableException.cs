namespace Magvit.Training.Trainer;

/// <summary>
/// A perceptual loss was asked for. It needs pretrained network weights (LPIPS over an ImageNet VGG16, as
/// Open-MAGVIT2; or an ImageNet classifier's logits, as the MAGVIT-v2 paper), and none can be obtained on this
/// project's machines: no model hub is reachable and no package registry here ships them.
/// </summary>
public sealed class PerceptualLossUnavailableException : Exception
{
    /// <summary>The error with the explanation and the fix.</summary>
    public PerceptualLossUnavailableException()
        : base("The perceptual loss is not available: it needs pretrained LPIPS/VGG16 (or ResNet classifier) weights, and "
               + "none can be downloaded here (no model hubs are reachable; the Debian, NuGet and npm registries ship none). "
               + "Train with a perceptual weight of 0 (the default): reconstruction, LFQ and the optional adversarial loss remain.")
    {
    }

    /// <summary>The error with <paramref name="message"/>.</summary>
    public PerceptualLossUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>The error with <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public PerceptualLossUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
