using System.Globalization;
using System.Text.Json;
using Magvit.Model.Tokenizer;
using Magvit.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>Checkpoints, resume, validation and export.</summary>
public sealed partial class TokenizerTrainer
{
    /// <summary>Writes a complete checkpoint of the current state into the run folder.</summary>
    public void SaveCheckpoint()
    {
        var directory = Run.BeginCheckpoint();
        TokenizerCheckpoint.Save(model, Path.Combine(directory, RunFolder.RawFolder));
        TokenizerCheckpoint.Save(ema.State, model.Config, Path.Combine(directory, RunFolder.EmaFolder));
        OptimizerStateFile.Save(optimizer, Path.Combine(directory, RunFolder.OptimizerFile));
        if (discriminator is not null)
        {
            SafeTensors.Write(Path.Combine(directory, RunFolder.DiscriminatorFile), discriminator.state_dict());
            OptimizerStateFile.Save(discriminatorOptimizer!, Path.Combine(directory, RunFolder.DiscriminatorOptimizerFile));
        }

        TrainingJson.Write(Path.Combine(directory, RunFolder.StateFileName), new TrainingState
        {
            Step = step,
            Phase = phase,
            SamplerState = sampler.State,
            EmaUpdates = ema.Updates,
            LecamRealEma = lecam.RealEma,
            LecamFakeEma = lecam.FakeEma,
            Seconds = priorSeconds + sessionSeconds.Sum(),
        });
        Run.CommitCheckpoint();
    }

    private void Resume()
    {
        if (!Run.HasCheckpoint)
        {
            throw new InvalidOperationException($"Nothing to resume: '{Run.Path}' holds no checkpoint.");
        }

        if (File.Exists(Run.PlanFile) && Fingerprint(TrainingPlan.Load(Run.PlanFile)) != Fingerprint(plan))
        {
            throw new ArgumentException(
                $"The plan differs from the one '{Run.Path}' was started with ({Run.PlanFile}); a resumed run may change only "
                + "its steps, device, threads and logging intervals.");
        }

        var directory = Run.CheckpointToRead;
        var state = TrainingJson.Read<TrainingState>(Path.Combine(directory, RunFolder.StateFileName));
        phase = state.Phase;
        var (raw, config) = TokenizerCheckpoint.ReadState(Path.Combine(directory, RunFolder.RawFolder));
        if (JsonSerializer.Serialize(config) != JsonSerializer.Serialize(PhaseConfig(phase)))
        {
            throw new InvalidDataException($"The checkpoint's architecture ({config.Kind}, {config.Channels} channels) is not the plan's for the {phase} phase.");
        }

        BuildPhase(config);
        StateDictLoader.LoadStrict(model, raw);
        ema.Load(TokenizerCheckpoint.ReadState(Path.Combine(directory, RunFolder.EmaFolder)).State);
        ema.Updates = state.EmaUpdates;
        OptimizerStateFile.Load(optimizer, Path.Combine(directory, RunFolder.OptimizerFile));
        if (options.Adversarial)
        {
            BuildDiscriminator();
            StateDictLoader.LoadStrict(discriminator!, SafeTensors.Read(Path.Combine(directory, RunFolder.DiscriminatorFile)));
            OptimizerStateFile.Load(discriminatorOptimizer!, Path.Combine(directory, RunFolder.DiscriminatorOptimizerFile));
        }

        sampler.State = state.SamplerState;
        (lecam.RealEma, lecam.FakeEma) = (state.LecamRealEma, state.LecamFakeEma);
        (step, priorSeconds) = (state.Step, state.Seconds);
        progress.Line($"resumed {Run.Path} at step {step} ({phase} phase)");
    }

    /// <summary>Measures the EMA weights on the validation clips; writes a sample strip and a metrics line.</summary>
    public void Validate()
    {
        if (validation is null)
        {
            return;
        }

        evaluationModel ??= new MagvitTokenizer(model.Config);
        evaluationModel.to(device);
        StateDictLoader.LoadStrict(evaluationModel, ema.State);
        var (metrics, samples) = TokenizerValidator.Run(evaluationModel, validation, options.ValidationBatchSize, device, options.SampleCount, step, phase);
        try
        {
            if (samples.Count > 0)
            {
                SampleStrip.Write(Path.Combine(Run.Samples, string.Create(CultureInfo.InvariantCulture, $"step-{step:D7}.png")), samples);
            }
        }
        finally
        {
            foreach (var (input, output) in samples)
            {
                input.Dispose();
                output.Dispose();
            }
        }

        lastValidation = metrics;
        Directory.CreateDirectory(Run.Path);
        var line = JsonSerializer.Serialize(new { validation = metrics, losses = lastLosses }, TrainingJson.Options).ReplaceLineEndings(" ");
        File.AppendAllText(Run.MetricsFile, CompactJson(line) + "\n");
        progress.Line(string.Create(CultureInfo.InvariantCulture,
            $"validation @ {step} (EMA): video PSNR {Format(metrics.VideoPsnr)} dB SSIM {Format(metrics.VideoSsim, "F3")} ({metrics.VideoClips} clips); "
            + $"image PSNR {Format(metrics.ImagePsnr)} dB SSIM {Format(metrics.ImageSsim, "F3")} ({metrics.Images}); "
            + $"codes {metrics.DistinctCodes}/{metrics.Tokens} tokens, perplexity {metrics.Perplexity:F0}"));
    }

    /// <summary>Exports the EMA weights as a model folder (the run's deliverable).</summary>
    private void ExportModel()
    {
        TokenizerCheckpoint.Save(ema.State, model.Config, Run.Model);
        progress.Line($"EMA model written to {Run.Model}");
    }

    private static string Format(double? value, string format = "F2")
        => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string CompactJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
