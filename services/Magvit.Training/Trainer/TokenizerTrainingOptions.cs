using Magvit.Model.Quantization;

namespace Magvit.Training.Trainer;

/// <summary>
/// Every hyper-parameter of a tokenizer training run. Defaults follow Open-MAGVIT2 (reference §3) where it has one:
/// L1 reconstruction, LFQ commitment 0.25 and entropy 0.1 with the official annealing, Adam betas (0.5, 0.9), EMA
/// 0.999, warm-up then cosine to 1% (the video recipe's schedule), PatchGAN hinge + LeCAM when adversarial.
/// </summary>
public sealed record TokenizerTrainingOptions
{
    /// <summary>Seed of the weights' initialisation and of the clip sampler.</summary>
    public long Seed { get; init; }

    /// <summary>Steps of the main phase (the target architecture).</summary>
    public long Steps { get; init; } = 1000;

    /// <summary>Steps of an Image-kind model on 1-frame clips before inflating to the (video) target; 0 = none.</summary>
    public long ImageSteps { get; init; }

    /// <summary>Clips per main-phase step.</summary>
    public int BatchSize { get; init; } = 2;

    /// <summary>Images per image-phase step (and per interleaved image step of the main phase).</summary>
    public int ImageBatchSize { get; init; } = 8;

    /// <summary>Crop size (square) of training and validation clips; a multiple of the spatial factor.</summary>
    public int Size { get; init; } = 64;

    /// <summary>Frames per video clip: 1 + 4k for the default temporal factor 4.</summary>
    public int Frames { get; init; } = 17;

    /// <summary>In the main phase of a video model, every Nth step is a 1-frame image batch (joint training); 0 = never.</summary>
    public int ImageBatchEvery { get; init; }

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Linear warm-up steps at the start of each phase (capped at the phase's length).</summary>
    public long WarmupSteps { get; init; } = 200;

    /// <summary>The cosine ends at this fraction of the peak.</summary>
    public double MinLearningRateRatio { get; init; } = 0.01;

    /// <summary>AdamW β1 (Open-MAGVIT2: 0.5).</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>AdamW β2 (Open-MAGVIT2: 0.9).</summary>
    public double Beta2 { get; init; } = 0.9;

    /// <summary>AdamW decoupled weight decay, on weights of rank ≥ 2 only (Open-MAGVIT2: none).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Clip the global gradient norm to this (0 = off).</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>EMA decay of the weights kept for evaluation and export.</summary>
    public double EmaDecay { get; init; } = 0.999;

    /// <summary>Ramp the EMA decay as min(decay, (1 + n)/(10 + n)) after n updates (LitEma's num_updates), for short runs.</summary>
    public bool EmaWarmup { get; init; } = true;

    /// <summary>L1 (Open-MAGVIT2) or L2 (paper).</summary>
    public ReconstructionLoss Reconstruction { get; init; } = ReconstructionLoss.L1;

    /// <summary>LFQ loss weights and temperature.</summary>
    public LfqLossOptions Lfq { get; init; } = new();

    /// <summary>Entropy annealing: the entropy term is × (1 + ratio·max(0, 1 − step/steps)) (official default 3 over 2000 steps).</summary>
    public double EntropyEnlargeRatio { get; init; } = 3.0;

    /// <summary>Steps over which the entropy enlargement decays to none.</summary>
    public long EntropyEnlargeSteps { get; init; } = 2000;

    /// <summary>Perceptual (LPIPS/VGG) loss weight. Must stay 0 here: no pretrained weights can be obtained.</summary>
    public double PerceptualWeight { get; init; }

    /// <summary>Train a PatchGAN discriminator on frames and add its hinge loss to the generator's.</summary>
    public bool Adversarial { get; init; }

    /// <summary>Global step from which the adversarial terms are on.</summary>
    public long DiscriminatorStart { get; init; }

    /// <summary>Weight of the generator's adversarial loss (fixed), or the scale of the adaptive weight.</summary>
    public double AdversarialWeight { get; init; } = 0.1;

    /// <summary>VQGAN's adaptive weight ‖∇rec‖/‖∇adv‖ at the decoder's last layer, × <see cref="AdversarialWeight"/>.</summary>
    public bool AdaptiveAdversarialWeight { get; init; }

    /// <summary>LeCAM regularisation weight on the discriminator (Open-MAGVIT2 128: 0.01).</summary>
    public double LecamWeight { get; init; } = 0.01;

    /// <summary>Decay of LeCAM's EMAs of the mean real and fake logits.</summary>
    public double LecamDecay { get; init; } = 0.999;

    /// <summary>Discriminator base width.</summary>
    public int DiscriminatorChannels { get; init; } = 64;

    /// <summary>Discriminator stride-2 layers.</summary>
    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>libtorch intra-op threads (0 = libtorch's default).</summary>
    public int Threads { get; init; }

    /// <summary>Reduced-precision math where the device has it (CUDA: TF32); ignored on CPU.</summary>
    public bool MixedPrecision { get; init; }

    /// <summary>Progress line every N steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Validation (and sample strips) every N steps and at the end of each phase; 0 = only at the ends.</summary>
    public int ValidateEvery { get; init; } = 500;

    /// <summary>Checkpoint every N steps and at the end of each phase; 0 = only at the ends.</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Clips (or images) per validation batch.</summary>
    public int ValidationBatchSize { get; init; } = 4;

    /// <summary>Clips drawn in each sample strip.</summary>
    public int SampleCount { get; init; } = 4;

    /// <summary>Total steps of the run.</summary>
    public long TotalSteps => ImageSteps + Steps;

    /// <summary>Throws on values no run can use (the perceptual loss: see <see cref="PerceptualLossUnavailableException"/>).</summary>
    public void Validate()
    {
        if (PerceptualWeight != 0)
        {
            throw new PerceptualLossUnavailableException();
        }

        static void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"Invalid training option: {what}.");
            }
        }

        Require(Steps >= 0 && ImageSteps >= 0 && TotalSteps > 0, "steps ≥ 0, image steps ≥ 0, and at least one step");
        Require(BatchSize >= 1 && ImageBatchSize >= 1 && ValidationBatchSize >= 1, "batch sizes ≥ 1");
        Require(Size >= 8 && Frames >= 1 && ImageBatchEvery >= 0 && SampleCount >= 0, "size ≥ 8, frames ≥ 1, image-batch interval ≥ 0, sample count ≥ 0");
        Require(LearningRate > 0 && MinLearningRateRatio is >= 0 and <= 1 && WarmupSteps >= 0, "learning rate > 0, min ratio in [0, 1], warm-up ≥ 0");
        Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1 && WeightDecay >= 0 && GradientClip >= 0, "betas in [0, 1), weight decay ≥ 0, clip ≥ 0");
        Require(EmaDecay is >= 0 and < 1 && LecamDecay is >= 0 and < 1, "EMA decays in [0, 1)");
        Require(EntropyEnlargeRatio >= 0 && EntropyEnlargeSteps >= 1, "entropy enlarge ratio ≥ 0 over ≥ 1 step");
        Require(AdversarialWeight >= 0 && LecamWeight >= 0 && DiscriminatorStart >= 0, "adversarial and LeCAM weights ≥ 0");
        Require(DiscriminatorChannels >= 1 && DiscriminatorLayers >= 1, "discriminator width and layers ≥ 1");
        Require(LogEvery >= 1 && ValidateEvery >= 0 && CheckpointEvery >= 0 && Threads >= 0, "log interval ≥ 1, other intervals and threads ≥ 0");
    }
}
