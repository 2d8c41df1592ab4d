using System.CommandLine;
using Magvit.Model.Tokenizer;
using Magvit.Training.Trainer;

namespace Magvit.Cli.Commands;

/// <summary>
/// The options of <c>magvit train tokenizer</c> and how they change a <see cref="TrainingPlan"/>: only options given
/// on the command line override the plan (from <c>--plan</c>, or the run's own <c>run.json</c> with <c>--resume</c>).
/// </summary>
internal sealed class TrainTokenizerOptions
{
    public Option<FileInfo?> Plan { get; } = new("--plan") { Description = "Training plan (JSON) describing the whole run, e.g. models/recipes/tokenizer-default.json; other options override it." };

    public Option<string?> Recipe { get; } = new("--recipe") { Description = "Data recipe (default: the plan's, data/recipe.json)." };

    public Option<string?> Preset { get; } = new("--preset") { Description = $"Architecture preset: {string.Join(", ", TokenizerPresets.Names)}." };

    public Option<FileInfo?> Config { get; } = new("--config") { Description = "Architecture as a config.json (TokenizerConfig), instead of --preset." };

    public Option<DirectoryInfo> Out { get; } = new("--out") { Description = "Run folder (checkpoints, samples, metrics, model/).", Required = true };

    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --out exactly where its checkpoint left off (its run.json supplies the plan)." };

    public Option<long?> Steps { get; } = new("--steps") { Description = "Steps of the main (video) phase." };

    public Option<long?> ImageSteps { get; } = new("--image-steps") { Description = "Steps of an image model on 1-frame clips before inflation to video." };

    public Option<int?> Batch { get; } = new("--batch") { Description = "Clips per main-phase step." };

    public Option<int?> ImageBatch { get; } = new("--image-batch") { Description = "Images per image-phase step." };

    public Option<int?> Size { get; } = new("--size") { Description = "Crop size (multiple of the spatial factor)." };

    public Option<int?> Frames { get; } = new("--frames") { Description = "Frames per clip (1 + 4k)." };

    public Option<double?> LearningRate { get; } = new("--lr") { Description = "Peak learning rate." };

    public Option<long?> Warmup { get; } = new("--warmup") { Description = "Warm-up steps per phase." };

    public Option<long?> Seed { get; } = new("--seed") { Description = "Seed of initialisation and clip sampling." };

    public Option<bool?> Adversarial { get; } = new("--adversarial") { Description = "Add a PatchGAN discriminator (hinge + LeCAM)." };

    public Option<double?> PerceptualWeight { get; } = new("--perceptual-weight") { Description = "Perceptual loss weight (unavailable here: fails with the reason)." };

    public Option<ReconstructionLoss?> Reconstruction { get; } = new("--reconstruction") { Description = "L1 or L2." };

    public Option<string?> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N." };

    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch threads." };

    public Option<bool?> MixedPrecision { get; } = new("--mixed-precision") { Description = "Reduced-precision math where the device has it (CUDA TF32; off on CPU)." };

    public Option<int?> LogEvery { get; } = new("--log-every") { Description = "Progress line every N steps." };

    public Option<int?> ValidateEvery { get; } = new("--validate-every") { Description = "Validation and sample strip every N steps." };

    public Option<int?> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Checkpoint every N steps." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the summary as JSON on stdout (progress stays on stderr)." };

    public IEnumerable<Option> All =>
    [
        Plan, Recipe, Preset, Config, Out, Resume, Steps, ImageSteps, Batch, ImageBatch, Size, Frames, LearningRate, Warmup,
        Seed, Adversarial, PerceptualWeight, Reconstruction, Device, Threads, MixedPrecision, LogEvery, ValidateEvery,
        CheckpointEvery, Json,
    ];

    /// <summary>The plan the command line asks for, on top of <paramref name="basis"/>.</summary>
    public TrainingPlan Apply(ParseResult parse, TrainingPlan basis)
    {
        var plan = basis;
        if (parse.GetValue(Recipe) is { } recipe)
        {
            plan = plan with { DataRecipe = recipe };
        }

        if (parse.GetValue(Config) is { } config)
        {
            plan = plan with { Preset = null, Config = TokenizerCheckpoint.ReadConfig(config.FullName) };
        }
        else if (parse.GetValue(Preset) is { } preset)
        {
            plan = plan with { Preset = preset, Config = TokenizerPresets.Get(preset) };
        }

        var o = plan.Training;
        o = o with
        {
            Steps = parse.GetValue(Steps) ?? o.Steps,
            ImageSteps = parse.GetValue(ImageSteps) ?? o.ImageSteps,
            BatchSize = parse.GetValue(Batch) ?? o.BatchSize,
            ImageBatchSize = parse.GetValue(ImageBatch) ?? o.ImageBatchSize,
            Size = parse.GetValue(Size) ?? o.Size,
            Frames = parse.GetValue(Frames) ?? o.Frames,
            LearningRate = parse.GetValue(LearningRate) ?? o.LearningRate,
            WarmupSteps = parse.GetValue(Warmup) ?? o.WarmupSteps,
            Seed = parse.GetValue(Seed) ?? o.Seed,
            Adversarial = parse.GetValue(Adversarial) ?? o.Adversarial,
            PerceptualWeight = parse.GetValue(PerceptualWeight) ?? o.PerceptualWeight,
            Reconstruction = parse.GetValue(Reconstruction) ?? o.Reconstruction,
            Device = parse.GetValue(Device) ?? o.Device,
            Threads = parse.GetValue(Threads) ?? o.Threads,
            MixedPrecision = parse.GetValue(MixedPrecision) ?? o.MixedPrecision,
            LogEvery = parse.GetValue(LogEvery) ?? o.LogEvery,
            ValidateEvery = parse.GetValue(ValidateEvery) ?? o.ValidateEvery,
            CheckpointEvery = parse.GetValue(CheckpointEvery) ?? o.CheckpointEvery,
        };
        return plan with { Training = o };
    }
}
