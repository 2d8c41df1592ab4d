using System.CommandLine;
using Magvit.Media;
using Magvit.Training;
using Magvit.Training.Data;
using Magvit.Training.Trainer;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit train tokenizer --out runs/NAME [--plan FILE] [--recipe …] [--preset …] [--steps N] … [--resume] [--json]</c>:
/// loads the data recipe through ffmpeg, trains (image phase, inflation, video phase) with progress on stderr, and
/// leaves checkpoints, sample strips, metrics and the EMA model in the run folder. Exit codes: <see cref="TrainExitCodes"/>.
/// </summary>
internal static class TrainTokenizerCommand
{
    public static Command Create()
    {
        var options = new TrainTokenizerOptions();
        var command = new Command("tokenizer", "Train a MAGVIT-v2 tokenizer (exit 0 done, 1 failed, 2 bad arguments, 3 data/ffmpeg missing, 130 interrupted).");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(parse, options));
        return command;
    }

    private static int Run(ParseResult parse, TrainTokenizerOptions options)
    {
        var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        var runDirectory = parse.GetValue(options.Out)!.FullName;
        var resume = parse.GetValue(options.Resume);
        TrainingPlan plan;
        try
        {
            plan = options.Apply(parse, BasePlan(parse, options, runDirectory, resume));
            plan.Training.Validate();
            plan = plan with { Config = plan.ResolveConfig() };
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or PerceptualLossUnavailableException)
        {
            error.WriteLine($"train tokenizer: {e.Message}");
            return TrainExitCodes.InvalidArguments;
        }

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;   // stop after the current step and save a checkpoint instead of dying mid-write
            error.WriteLine("interrupt: finishing the current step, then saving a checkpoint …");
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var recipePath = Locate(plan.DataRecipe);
            var recipe = DataRecipe.Load(recipePath);
            var root = recipe.ResolveRoot(RepositoryPaths.Find() ?? Environment.CurrentDirectory);
            error.WriteLine($"loading '{recipe.Name}' from {root} (ffmpeg) …");
            var data = TrainingDataset.Load(recipe, root, plan.Dataset with { Size = plan.Training.Size }, line => error.WriteLine(line));
            error.WriteLine($"data: {data.Describe()}");
            using var trainer = new TokenizerTrainer(plan, data, runDirectory, resume, error);
            var summary = trainer.Train(cancellationToken: cancellation.Token);
            Report(output, summary, parse.GetValue(options.Json));
            return summary.Completed ? TrainExitCodes.Completed : TrainExitCodes.Interrupted;
        }
        catch (Exception e) when (e is MediaToolMissingException or DirectoryNotFoundException || (e is FileNotFoundException && e.Message.Contains("fetch-training-data", StringComparison.Ordinal)))
        {
            error.WriteLine($"train tokenizer: {e.Message}");
            return TrainExitCodes.MissingData;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or PerceptualLossUnavailableException)
        {
            error.WriteLine($"train tokenizer: {e.Message}");
            return TrainExitCodes.InvalidArguments;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or MediaException)
        {
            error.WriteLine($"train tokenizer failed: {e.Message}");
            return TrainExitCodes.Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The run's own plan when resuming, else --plan's, else the defaults.</summary>
    private static TrainingPlan BasePlan(ParseResult parse, TrainTokenizerOptions options, string runDirectory, bool resume)
    {
        var saved = new RunFolder(runDirectory).PlanFile;
        if (resume && File.Exists(saved))
        {
            if (parse.GetValue(options.Plan) is not null)
            {
                throw new ArgumentException($"--resume takes the plan the run was started with ({saved}); drop --plan.");
            }

            return TrainingPlan.Load(saved);
        }

        return parse.GetValue(options.Plan) is { } file ? TrainingPlan.Load(Locate(file.ToString())) : new TrainingPlan();
    }

    /// <summary>A path as given, else relative to the repository root (plans name files from there).</summary>
    private static string Locate(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        return RepositoryPaths.Find(path.Split('/', '\\')) ?? throw new FileNotFoundException($"No such file: {path}", path);
    }

    private static void Report(TextWriter output, TrainingSummary summary, bool json)
    {
        if (json)
        {
            CliJson.Write(output, summary);
            return;
        }

        var v = summary.LastValidation;
        output.WriteLine($"{(summary.Completed ? "done" : "stopped")}: {summary.Steps}/{summary.TotalSteps} steps in {TimeSpan.FromSeconds(summary.Seconds):hh\\:mm\\:ss} "
            + $"(image {Rate(summary.ImageStepsPerSecond)}, main {Rate(summary.MainStepsPerSecond)} it/s); {summary.Precision}");
        if (v is not null)
        {
            output.WriteLine($"validation @ {v.Step}: video PSNR {Number(v.VideoPsnr)} dB, SSIM {Number(v.VideoSsim, "F3")}; image PSNR {Number(v.ImagePsnr)} dB, SSIM {Number(v.ImageSsim, "F3")}; "
                + $"{v.DistinctCodes} codes in {v.Tokens} tokens, perplexity {v.Perplexity:F0}");
        }

        output.WriteLine(summary.ModelDirectory is { } model ? $"model: {model}" : $"checkpoint: {Path.Combine(summary.RunDirectory, "checkpoint")} (continue with --resume)");
    }

    private static string Rate(double? value) => Number(value);

    private static string Number(double? value, string format = "F2") => value is { } v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "–";
}
