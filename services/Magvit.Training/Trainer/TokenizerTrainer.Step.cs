using Magvit.Model.Quantization;
using Magvit.Training.Adversarial;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>One optimisation step of the generator (the tokenizer) and, when adversarial, of the discriminator.</summary>
public sealed partial class TokenizerTrainer
{
    private StepLosses TrainStep()
    {
        var phaseStart = phase == TrainingPhase.Image ? 0 : options.ImageSteps;
        var phaseSteps = phase == TrainingPhase.Image ? options.ImageSteps : options.Steps;
        var phaseStep = step - phaseStart;
        var rate = new LearningRateSchedule(options.LearningRate, options.WarmupSteps, phaseSteps, options.MinLearningRateRatio).At(phaseStep);
        var interleaved = options.ImageBatchEvery > 0 && (phaseStep + 1) % options.ImageBatchEvery == 0;
        var (batch, frames) = phase == TrainingPhase.Image ? (options.ImageBatchSize, 1)
            : !model.Config.IsVideo ? (options.BatchSize, 1)
            : interleaved ? (options.ImageBatchSize, 1)
            : (options.BatchSize, options.Frames);

        using var scope = NewDisposeScope();
        var x = sampler.Next(batch, frames).to(device);                               // (B, T, 3, S, S)
        model.train();
        var (z, q, reconstruction, channelDim) = Forward(x);
        var target = model.Config.IsVideo ? x : x.squeeze(1);
        var difference = reconstruction - target;
        var rec = options.Reconstruction == ReconstructionLoss.L1 ? difference.abs().mean() : difference.square().mean();
        var enlarge = LfqLosses.EnlargeFactor(step, options.EntropyEnlargeRatio, options.EntropyEnlargeSteps);
        var lfq = LfqLosses.Compute(z, q, options.Lfq, channelDim, enlarge);
        var loss = rec + lfq.Total;

        var adversarial = discriminator is not null && step >= options.DiscriminatorStart;
        Tensor? generator = null;
        var weight = 0.0;
        if (adversarial)
        {
            generator = AdversarialLosses.HingeGenerator(discriminator!.forward(AsImages(reconstruction)));
            weight = options.AdaptiveAdversarialWeight
                ? options.AdversarialWeight * AdversarialLosses.AdaptiveWeight(rec, generator, LastLayer()).item<float>()
                : options.AdversarialWeight;
            loss = loss + (weight * generator);
        }

        SetLearningRate(optimizer, rate);
        optimizer.zero_grad();
        loss.backward();
        var norm = Clip(model.parameters());
        optimizer.step();
        ema.Update(model);

        var (dLoss, lecamPenalty) = adversarial ? DiscriminatorStep(target, reconstruction.detach(), rate) : (0.0, 0.0);
        return new StepLosses(
            step, frames, loss.item<float>(), rec.item<float>(), lfq.Commitment.item<float>(),
            lfq.PerSampleEntropy.item<float>(), lfq.BatchEntropy.item<float>(), lfq.Total.item<float>(),
            generator?.item<float>() ?? 0, weight, dLoss, lecamPenalty, norm, rate);
    }

    /// <summary>(B, T, 3, S, S) pixels → latent, its straight-through codes, the reconstruction, and the latent's channel dim.</summary>
    private (Tensor Z, Tensor Q, Tensor Reconstruction, long ChannelDim) Forward(Tensor x)
    {
        if (!model.Config.IsVideo)
        {
            var latent = model.EncodeLatent(x.squeeze(1));                           // (B, z, h, w)
            var codes = model.Quantizer.Quantize(latent, 1);
            return (latent, codes, model.Decode(codes), 1);
        }

        var z = model.EncodeFrames(x, null);                                        // (B, T', z, h, w)
        var q = model.Quantizer.Quantize(z, 2);
        return (z, q, model.DecodeFrames(q, null), 2);
    }

    private (double Loss, double Lecam) DiscriminatorStep(Tensor real, Tensor fake, double rate)
    {
        var realLogits = discriminator!.forward(AsImages(real));
        var fakeLogits = discriminator.forward(AsImages(fake));
        var hinge = AdversarialLosses.HingeDiscriminator(realLogits, fakeLogits);
        var penalty = lecam.Penalty(realLogits, fakeLogits);
        var loss = hinge + (options.LecamWeight * penalty);
        SetLearningRate(discriminatorOptimizer!, rate);
        discriminatorOptimizer!.zero_grad();
        loss.backward();
        Clip(discriminator.parameters());
        discriminatorOptimizer.step();
        return (hinge.item<float>(), penalty.item<float>());
    }

    /// <summary>Video (B, T, 3, S, S) → (B·T, 3, S, S); images pass.</summary>
    private static Tensor AsImages(Tensor pixels) => pixels.dim() == 5 ? pixels.flatten(0, 1) : pixels;

    private Parameter LastLayer()
        => model.named_parameters().Last(p => p.name.StartsWith("decoder.conv_out.", StringComparison.Ordinal) && p.name.EndsWith("weight", StringComparison.Ordinal)).parameter;

    private double Clip(IEnumerable<Parameter> parameters)
    {
        var list = parameters.ToList();
        if (options.GradientClip > 0)
        {
            return nn.utils.clip_grad_norm_(list, options.GradientClip);
        }

        using var scope = NewDisposeScope();
        var norms = list.Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray();
        return norms.Length == 0 ? 0 : stack(norms).norm().item<float>();
    }

    private AdamW CreateOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double weightDecay)
    {
        // Decoupled weight decay on kernels and linear weights only, never on norms or biases.
        var all = parameters.ToList();
        var decay = all.Where(p => p.Parameter.dim() >= 2).Select(p => p.Parameter).ToList();
        var rest = all.Where(p => p.Parameter.dim() < 2).Select(p => p.Parameter).ToList();
        var (lr, b1, b2) = (options.LearningRate, options.Beta1, options.Beta2);
        return optim.AdamW(
            [new AdamW.ParamGroup(decay, lr, b1, b2, 1e-8, weightDecay), new AdamW.ParamGroup(rest, lr, b1, b2, 1e-8, 0)],
            lr, b1, b2);
    }

    private static void SetLearningRate(AdamW optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }
}
