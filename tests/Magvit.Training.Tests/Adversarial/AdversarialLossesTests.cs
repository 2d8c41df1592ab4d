using Magvit.Training.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Training.Tests.Adversarial;

public sealed class AdversarialLossesTests
{
    public AdversarialLossesTests() => TestSupport.InitTorch();

    [Fact]
    public void Hinge_KnownLogits_KnownValues()
    {
        using var scope = NewDisposeScope();
        var (real, fake) = (tensor(new[] { 2f, 0f }), tensor(new[] { -2f, 0f }));

        Assert.Equal(0.5, AdversarialLosses.HingeDiscriminator(real, fake).item<float>(), 6);   // ½·(½ + ½)
        Assert.Equal(1.0, AdversarialLosses.HingeGenerator(fake).item<float>(), 6);
    }

    [Fact]
    public void Lecam_FirstBatch_PenalisesAgainstZeroEmasThenUpdatesThem()
    {
        using var scope = NewDisposeScope();
        var lecam = new LecamRegularizer(0.9);

        var penalty = lecam.Penalty(tensor(new[] { 1f, 3f }), tensor(new[] { -2f, 2f }));

        Assert.Equal(((1 + 9) / 2.0) + (4 / 2.0), penalty.item<float>(), 5);
        Assert.Equal((0.1 * 2, 0.1 * 0), (Math.Round(lecam.RealEma, 6), Math.Round(lecam.FakeEma, 6)));
    }

    [Fact]
    public void AdaptiveWeight_LinearLosses_IsTheRatioOfGradientNorms()
    {
        using var scope = NewDisposeScope();
        var w = ones(4).requires_grad_(true);

        var weight = AdversarialLosses.AdaptiveWeight((w * 3).sum(), (w * 6).sum(), w);

        Assert.Equal(6 / (12 + 1e-4), weight.item<float>(), 5);   // ‖3·1‖ / (‖6·1‖ + 1e-4) with 4 entries
    }

    [Fact]
    public void PatchDiscriminator_64x64Frames_GivesSixBySixPatchLogits()
    {
        using var scope = NewDisposeScope();
        using var discriminator = new PatchDiscriminator(3, 8, 3);

        var logits = discriminator.forward(zeros(2, 3, 64, 64));

        Assert.Equal([2L, 1, 6, 6], logits.shape);
    }
}
