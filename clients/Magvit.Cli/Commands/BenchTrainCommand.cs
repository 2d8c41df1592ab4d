using System.CommandLine;
using System.Globalization;
using Magvit.Media;
using Magvit.Model.Tokenizer;
using Magvit.Training.Data;
using Magvit.Training.Trainer;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit bench train</c>: training steps per second of presets at given batch sizes and clip lengths, through the
/// real trainer (losses, backward, AdamW, EMA) on synthetic clips — the numbers behind a training budget. 1-frame rows
/// train the preset's Image-kind model (the image phase); longer clips the preset itself.
/// </summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var presets = new Option<string[]>("--preset") { Description = "Presets (repeatable; default: causal-tiny, causal-default).", DefaultValueFactory = _ => [TokenizerPresets.CausalTiny, TokenizerPresets.CausalDefault] };
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes (repeatable; default 1 2 4 8).", DefaultValueFactory = _ => [1, 2, 4, 8] };
        var frames = new Option<int[]>("--frames") { Description = "Frames per clip (repeatable; default 1 17).", DefaultValueFactory = _ => [1, 17] };
        var size = new Option<int>("--size") { Description = "Crop size.", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per row (after one warm-up step).", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (default: libtorch's)." };
        var adversarial = new Option<bool>("--adversarial") { Description = "Include the discriminator's step." };
        var json = new Option<bool>("--json") { Description = "Print the rows as JSON." };
        var command = new Command("train", "Training steps/s of presets × batch × frames (synthetic clips).") { presets, batches, frames, size, steps, threads, adversarial, json };
        command.SetAction(parse =>
        {
            var rows = new List<BenchTrainRow>();
            var output = parse.InvocationConfiguration.Output;
            foreach (var preset in parse.GetValue(presets)!)
            {
                foreach (var clipFrames in parse.GetValue(frames)!)
                {
                    foreach (var batch in parse.GetValue(batches)!)
                    {
                        var row = Measure(TokenizerPresets.Get(preset), preset, clipFrames, batch, parse.GetValue(size), parse.GetValue(steps), parse.GetValue(threads), parse.GetValue(adversarial));
                        rows.Add(row);
                        if (!parse.GetValue(json))
                        {
                            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"{row.Preset,-16} {row.Kind,-12} {row.Frames,3} fr × {row.Batch} @ {row.Size}²: {row.SecondsPerStep,7:F3} s/step  {row.StepsPerSecond,6:F2} steps/s  {row.FramesPerSecond,7:F1} frames/s"));
                        }
                    }
                }
            }

            if (parse.GetValue(json))
            {
                CliJson.Write(output, rows);
            }

            return 0;
        });
        return command;
    }

    private static BenchTrainRow Measure(TokenizerConfig preset, string name, int frames, int batch, int size, int steps, int threads, bool adversarial)
    {
        var config = frames == 1 ? preset with { Kind = TokenizerKind.Image } : preset;
        var clip = new RgbFrames(size + 16, size + 16, Math.Max(frames, 2), new byte[(size + 16) * (size + 16) * 3 * Math.Max(frames, 2)]);
        new Random(1).NextBytes(clip.Data);
        var data = new TrainingDataset("synthetic", [new MediaClip("noise", clip, 1)], []);
        var plan = new TrainingPlan
        {
            Preset = null,
            Config = config,
            Training = new TokenizerTrainingOptions
            {
                Steps = 1000, Size = size, Frames = frames, BatchSize = batch, Threads = threads, Adversarial = adversarial,
                LogEvery = 1000, ValidateEvery = 0, CheckpointEvery = 0,
            },
        };
        var directory = Directory.CreateTempSubdirectory("magvit-bench-train-").FullName;
        try
        {
            using var trainer = new TokenizerTrainer(plan, data, directory);
            var warm = trainer.Train(untilStep: 1).Seconds;
            var seconds = (trainer.Train(untilStep: 1 + steps).Seconds - warm) / steps;
            return new BenchTrainRow(name, config.Kind.ToString(), frames, batch, size, seconds, 1 / seconds, batch * frames / seconds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
