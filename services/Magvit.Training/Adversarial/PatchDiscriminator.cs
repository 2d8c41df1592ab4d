using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Training.Adversarial;

/// <summary>
/// The PatchGAN discriminator Open-MAGVIT2 uses for its image tokenizers (taming's <c>NLayerDiscriminator</c>):
/// 4×4 convs, stride 2 for <c>layers</c> steps then stride 1, BatchNorm and LeakyReLU(0.2), one logit per patch;
/// weights N(0, 0.02), norm scales N(1, 0.02). Video frames are judged one by one (time folded into the batch).
/// </summary>
public sealed class PatchDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential main;

    /// <summary>A discriminator of <paramref name="channels"/> base width and <paramref name="layers"/> down-sampling layers.</summary>
    public PatchDiscriminator(int inChannels = 3, int channels = 64, int layers = 3)
        : base(nameof(PatchDiscriminator))
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("0", nn.Conv2d(inChannels, channels, 4, stride: 2, padding: 1)),
            ("1", nn.LeakyReLU(0.2)),
        };
        var width = (long)channels;
        for (var n = 1; n <= layers; n++)
        {
            var next = (long)channels * Math.Min(1 << n, 8);
            var stride = n < layers ? 2 : 1;
            modules.Add(($"{modules.Count}", nn.Conv2d(width, next, 4, stride: stride, padding: 1, bias: false)));
            modules.Add(($"{modules.Count}", nn.BatchNorm2d(next)));
            modules.Add(($"{modules.Count}", nn.LeakyReLU(0.2)));
            width = next;
        }

        modules.Add(($"{modules.Count}", nn.Conv2d(width, 1, 4, stride: 1, padding: 1)));
        main = nn.Sequential(modules);
        RegisterComponents();
        Initialize();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => main.forward(input); // (N, 3, H, W) → (N, 1, h, w) logits

    private void Initialize()
    {
        using var noGrad = no_grad();
        foreach (var module in main.children())
        {
            if (module is Conv2d conv)
            {
                nn.init.normal_(conv.weight!, 0, 0.02);
            }
            else if (module is BatchNorm2d norm)
            {
                nn.init.normal_(norm.weight!, 1, 0.02);
                nn.init.zeros_(norm.bias!);
            }
        }
    }
}
