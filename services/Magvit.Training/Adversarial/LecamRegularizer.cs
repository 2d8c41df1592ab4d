using static TorchSharp.torch;

namespace Magvit.Training.Adversarial;

/// <summary>
/// LeCAM regularisation of the discriminator (Tseng et al. 2021, as Open-MAGVIT2 applies it per element):
/// E relu(D(x) − ē_fake)² + E relu(ē_real − D(x̂))², where ē are EMAs of the batch-mean logits. The two EMAs are
/// the whole state (saved with a checkpoint).
/// </summary>
public sealed class LecamRegularizer(double decay)
{
    /// <summary>EMA of the mean real logit.</summary>
    public double RealEma { get; set; }

    /// <summary>EMA of the mean fake logit.</summary>
    public double FakeEma { get; set; }

    /// <summary>The penalty for this batch's logits (with the EMAs before this batch), then the EMAs updated.</summary>
    public Tensor Penalty(Tensor realLogits, Tensor fakeLogits)
    {
        var penalty = nn.functional.relu(realLogits - FakeEma).square().mean()
            + nn.functional.relu(RealEma - fakeLogits).square().mean();
        RealEma = (decay * RealEma) + ((1 - decay) * realLogits.detach().mean().item<float>());
        FakeEma = (decay * FakeEma) + ((1 - decay) * fakeLogits.detach().mean().item<float>());
        return penalty;
    }
}
