using static TorchSharp.torch;

namespace Magvit.Training.Adversarial;

/// <summary>The hinge GAN losses and VQGAN's adaptive generator weight.</summary>
public static class AdversarialLosses
{
    /// <summary>½·(E relu(1 − D(x)) + E relu(1 + D(x̂))).</summary>
    public static Tensor HingeDiscriminator(Tensor realLogits, Tensor fakeLogits)
        => 0.5 * (nn.functional.relu(1 - realLogits).mean() + nn.functional.relu(1 + fakeLogits).mean());

    /// <summary>The generator's hinge loss −E D(x̂).</summary>
    public static Tensor HingeGenerator(Tensor fakeLogits) => -fakeLogits.mean();

    /// <summary>
    /// ‖∂rec/∂W‖ / (‖∂adv/∂W‖ + 1e-4), clamped to [0, 1e4], detached: the weight that gives the adversarial gradient
    /// the reconstruction gradient's size at <paramref name="lastLayer"/> (the decoder's output conv).
    /// </summary>
    public static Tensor AdaptiveWeight(Tensor reconstruction, Tensor adversarial, Tensor lastLayer)
    {
        var recGrad = autograd.grad([reconstruction], [lastLayer], retain_graph: true)[0];
        var advGrad = autograd.grad([adversarial], [lastLayer], retain_graph: true)[0];
        return (recGrad.norm() / (advGrad.norm() + 1e-4)).clamp(0, 1e4).detach();
    }
}
