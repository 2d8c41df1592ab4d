using System.Diagnostics;
using System.Text.Json;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using Magvit.Training.Adversarial;
using Magvit.Training.Data;
using Magvit.Training.Inflation;
using Magvit.Training.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>
/// Trains a MAGVIT-v2 tokenizer: optionally an Image-kind model on 1-frame clips first, inflated into the (video)
/// target (§1.4), then the target on clips of <see cref="TokenizerTrainingOptions.Frames"/> frames. Each step:
/// reconstruction + LFQ commitment and annealed entropy (+ the hinge generator loss of a frame PatchGAN), AdamW with
/// warm-up + cosine and gradient clipping, an EMA update; then the discriminator's hinge + LeCAM step. Validation of
/// the EMA weights, sample strips and checkpoints land in the run folder (<see cref="RunFolder"/>); a resumed run
/// continues bit for bit (weights, optimiser, EMA, discriminator, LeCAM, sampler state, step).
/// </summary>
public sealed partial class TokenizerTrainer : IDisposable
{
    private readonly TokenizerConfig target;
    private readonly TokenizerTrainingOptions options;
    private readonly TrainingPlan plan;
    private readonly ClipSampler sampler;
    private readonly ValidationSet? validation;
    private readonly ProgressReporter progress;
    private readonly Device device;
    private readonly LecamRegularizer lecam;
    private readonly Stopwatch sessionClock = new();
    private readonly long[] sessionSteps = new long[2];
    private readonly double[] sessionSeconds = new double[2];
    private MagvitTokenizer model = null!;
    private ExponentialMovingAverage ema = null!;
    private AdamW optimizer = null!;
    private PatchDiscriminator? discriminator;
    private AdamW? discriminatorOptimizer;
    private MagvitTokenizer? evaluationModel;
    private TrainingPhase phase;
    private long step;
    private double priorSeconds;
    private StepLosses? lastLosses;
    private ValidationMetrics? lastValidation;

    /// <summary>
    /// Prepares a run of <paramref name="plan"/> on <paramref name="data"/> in <paramref name="runDirectory"/>: a fresh
    /// one (the folder must hold no checkpoint), or with <paramref name="resume"/> the continuation of the checkpoint
    /// there (the plan must match the run's, except steps, device, threads and logging).
    /// </summary>
    /// <exception cref="ArgumentException">Inconsistent options, an unusable device, or a plan a resumed run cannot take.</exception>
    /// <exception cref="PerceptualLossUnavailableException">A perceptual loss was asked for.</exception>
    /// <exception cref="InvalidOperationException">A fresh run into a folder with a checkpoint, or a resume without one.</exception>
    public TokenizerTrainer(TrainingPlan plan, TrainingDataset data, string runDirectory, bool resume = false, TextWriter? progressOutput = null)
    {
        (this.plan, options, target) = (plan, plan.Training, plan.ResolveConfig());
        options.Validate();
        RequireCompatible(target, options);
        TorchRuntime.Initialize(options.Threads);
        (device, Precision) = TrainingDevice.Resolve(options.Device, options.MixedPrecision);
        Run = new RunFolder(runDirectory);
        progress = new ProgressReporter(progressOutput);
        sampler = new ClipSampler(data.Train, options.Size, unchecked((ulong)options.Seed));
        if (options.Frames > 1 && target.IsVideo && !sampler.HasVideo)
        {
            throw new ArgumentException("The training data has stills only; video clips are needed for a video model (or use --frames 1).");
        }

        validation = data.Validation.Count > 0 ? new ValidationSet(data.Validation, options.Size, target.IsVideo ? options.Frames : 1) : null;
        lecam = new LecamRegularizer(options.LecamDecay);
        if (resume)
        {
            Resume();
        }
        else
        {
            Start();
        }
    }

    /// <summary>The run folder.</summary>
    public RunFolder Run { get; }

    /// <summary>What precision the device trains in.</summary>
    public string Precision { get; }

    /// <summary>Steps done.</summary>
    public long Step => step;

    /// <summary>The current phase.</summary>
    public TrainingPhase Phase => phase;

    /// <summary>The model being trained (an Image-kind model during the image phase).</summary>
    public MagvitTokenizer Model => model;

    /// <summary>The EMA weights of <see cref="Model"/>.</summary>
    public ExponentialMovingAverage Ema => ema;

    /// <summary>The last validation, if any ran.</summary>
    public ValidationMetrics? LastValidation => lastValidation;

    /// <summary>
    /// Trains up to <paramref name="untilStep"/> (default: the plan's total), validating, saving and logging as the
    /// options say. Cancellation stops between steps and saves a checkpoint. At the end of the plan the EMA model is
    /// exported to the run's <c>model/</c> folder.
    /// </summary>
    public TrainingSummary Train(long? untilStep = null, CancellationToken cancellationToken = default)
    {
        var end = Math.Min(untilStep ?? options.TotalSteps, options.TotalSteps);
        progress.Line($"tokenizer {target.Kind} {target.Channels}×[{string.Join(",", target.ChannelMultipliers)}] ×{target.ResBlocks} blocks, "
            + $"{target.LatentChannels} bits; {model.parameters().Sum(p => p.numel()):N0} parameters; device {options.Device}, {Precision}; "
            + $"steps {step}/{options.TotalSteps} (image {options.ImageSteps}, main {options.Steps})");
        progress.Restart(step);
        while (step < end)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint();
                progress.Line($"interrupted at step {step}: checkpoint saved in {Run.Checkpoint}");
                return Summary(completed: false);
            }

            if (phase == TrainingPhase.Image && step == options.ImageSteps)
            {
                Inflate();
                progress.Restart(step);
            }

            sessionClock.Restart();
            lastLosses = TrainStep();
            sessionSeconds[(int)phase] += sessionClock.Elapsed.TotalSeconds;
            sessionSteps[(int)phase]++;
            step++;
            if (!double.IsFinite(lastLosses.Total))
            {
                throw new InvalidOperationException(
                    $"The loss became {lastLosses.Total} at step {step}; the last good checkpoint is in {Run.CheckpointToRead}. Lower the learning rate or enable gradient clipping.");
            }

            var phaseEnd = phase == TrainingPhase.Image ? options.ImageSteps : options.TotalSteps;
            if (step % options.LogEvery == 0 || step == phaseEnd)
            {
                progress.Report(phase, lastLosses, options.TotalSteps, phaseEnd);
            }

            var atEnd = step == phaseEnd;
            if (atEnd || (options.ValidateEvery > 0 && step % options.ValidateEvery == 0))
            {
                Validate();
            }

            if (atEnd || (options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0))
            {
                SaveCheckpoint();
            }
        }

        if (step < options.TotalSteps)
        {
            return Summary(completed: false);
        }

        if (phase == TrainingPhase.Image)
        {
            Inflate();   // an image phase only: export the inflated video model the plan asked for
        }

        ExportModel();
        return Summary(completed: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposePhase();
        discriminatorOptimizer?.Dispose();
        discriminator?.Dispose();
    }

    private TokenizerConfig PhaseConfig(TrainingPhase p) => p == TrainingPhase.Image ? target with { Kind = TokenizerKind.Image } : target;

    private void Start()
    {
        if (Run.HasCheckpoint)
        {
            throw new InvalidOperationException($"'{Run.Path}' already holds a checkpoint: resume it, or choose another run folder.");
        }

        manual_seed(options.Seed);
        phase = options.ImageSteps > 0 && target.IsVideo ? TrainingPhase.Image : TrainingPhase.Main;
        BuildPhase(PhaseConfig(phase));
        if (options.Adversarial)
        {
            BuildDiscriminator();
        }

        Directory.CreateDirectory(Run.Path);
        TrainingJson.Write(Run.PlanFile, plan with { Config = target });
    }

    private void Inflate()
    {
        using var imageModel = model;
        using var imageEma = ema;
        var imageEmaState = imageEma.State.ToDictionary(kv => kv.Key, kv => kv.Value);
        optimizer.Dispose();
        evaluationModel?.Dispose();
        evaluationModel = null;
        phase = TrainingPhase.Main;
        BuildPhase(target);
        TokenizerInflation.Inflate(imageModel, model);
        ema.Load(TokenizerInflation.InflateState(imageEmaState, model.state_dict()));
        ema.Updates = imageEma.Updates;
        progress.Line($"step {step}: image phase done; inflated to {target.Kind} (2-D kernels → last temporal tap), fresh optimiser and schedule");
    }

    private void BuildPhase(TokenizerConfig config)
    {
        model = new MagvitTokenizer(config);
        model.to(device);
        model.train();
        ema = new ExponentialMovingAverage(model, options.EmaDecay, options.EmaWarmup);
        optimizer = CreateOptimizer(model.named_parameters(), options.WeightDecay);
    }

    private void BuildDiscriminator()
    {
        discriminator = new PatchDiscriminator(target.OutChannels, options.DiscriminatorChannels, options.DiscriminatorLayers);
        discriminator.to(device);
        discriminator.train();
        discriminatorOptimizer = CreateOptimizer(discriminator.named_parameters(), options.WeightDecay);
    }

    private void DisposePhase()
    {
        evaluationModel?.Dispose();
        optimizer?.Dispose();
        ema?.Dispose();
        model?.Dispose();
    }

    private TrainingSummary Summary(bool completed)
    {
        double? Rate(TrainingPhase p) => sessionSteps[(int)p] > 0 ? sessionSteps[(int)p] / sessionSeconds[(int)p] : null;
        return new TrainingSummary(
            Run.Path, completed, step, options.TotalSteps, priorSeconds + sessionSeconds.Sum(),
            Rate(TrainingPhase.Image), Rate(TrainingPhase.Main), lastLosses, lastValidation,
            completed ? Run.Model : null, Precision);
    }

    private static void RequireCompatible(TokenizerConfig config, TokenizerTrainingOptions options)
    {
        if (options.Size % config.SpatialFactor != 0)
        {
            throw new ArgumentException($"The crop size {options.Size} must be a multiple of the spatial factor {config.SpatialFactor}.");
        }

        if (config.IsVideo && options.Frames > 1 && (options.Frames - 1) % config.TemporalFactor != 0)
        {
            throw new ArgumentException($"Video clips need 1 + {config.TemporalFactor}k frames; {options.Frames} is not.");
        }

        if (options.Adversarial && options.Size >> options.DiscriminatorLayers < 3)
        {
            throw new ArgumentException(
                $"The crop size {options.Size} is too small for a {options.DiscriminatorLayers}-layer discriminator (it needs ≥ {3 << options.DiscriminatorLayers}).");
        }

        if (!config.IsVideo && options.ImageSteps > 0)
        {
            throw new ArgumentException("Image steps precede inflation to a video model; this config is an image model (use steps only).");
        }
    }

    /// <summary>The plan with everything a resumed run may change reset, as JSON, to compare two plans.</summary>
    private static string Fingerprint(TrainingPlan p)
        => JsonSerializer.Serialize(
            p with
            {
                Description = null,
                Preset = null,
                Config = p.ResolveConfig(),
                Training = p.Training with { Steps = 0, Device = "cpu", Threads = 0, MixedPrecision = false, LogEvery = 1, ValidateEvery = 0, CheckpointEvery = 0 },
            },
            TrainingJson.Options);
}
