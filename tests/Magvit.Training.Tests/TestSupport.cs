using System.Diagnostics;
using Magvit.Media;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using Magvit.Training.Data;
using Magvit.Training.Trainer;

namespace Magvit.Training.Tests;

/// <summary>Shared helpers: libtorch start-up, tiny configs and plans, synthetic clips, ffmpeg test media.</summary>
internal static class TestSupport
{
    /// <summary>The repository root (holds MagvitGrpc.sln), found from the test binaries.</summary>
    public static string RepoPath(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MagvitGrpc.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new DirectoryNotFoundException("MagvitGrpc.sln not found above the tests."), .. parts]);
    }

    public static void InitTorch() => TorchRuntime.Initialize();

    /// <summary>causal-tiny's shape (8× spatial, 4× temporal) at the smallest width.</summary>
    public static TokenizerConfig Tiny(TokenizerKind kind = TokenizerKind.CausalVideo) => new()
    {
        Kind = kind,
        Channels = 32,
        ChannelMultipliers = [1, 2, 2, 2],
        ResBlocks = 1,
        LatentChannels = 18,
    };

    /// <summary>A fast plan: 16² crops, 5 frames, batch 1, no periodic validation or checkpoints.</summary>
    public static TrainingPlan TinyPlan(Func<TokenizerTrainingOptions, TokenizerTrainingOptions>? change = null)
    {
        var options = new TokenizerTrainingOptions
        {
            Seed = 7,
            Size = 16,
            Frames = 5,
            BatchSize = 1,
            ImageBatchSize = 2,
            Steps = 3,
            LearningRate = 1e-3,
            WarmupSteps = 1,
            LogEvery = 1000,
            ValidateEvery = 0,
            CheckpointEvery = 0,
            SampleCount = 2,
        };
        return new TrainingPlan { Preset = null, Config = Tiny(), Training = change?.Invoke(options) ?? options };
    }

    /// <summary>
    /// A deterministic moving pattern: <paramref name="count"/> frames of <paramref name="width"/> × <paramref name="height"/>,
    /// smooth colour gradients drifting one pixel per frame plus a square.
    /// </summary>
    public static RgbFrames Pattern(int width, int height, int count, int seed = 0)
    {
        var data = new byte[count * width * height * 3];
        for (var t = 0; t < count; t++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var at = (((t * height) + y) * width + x) * 3;
                    var inSquare = Math.Abs(x - (width / 2) - t) < 4 && Math.Abs(y - (height / 2)) < 4;
                    data[at] = (byte)((x + t + seed) * 255 / (width + count + seed));
                    data[at + 1] = (byte)(y * 255 / height);
                    data[at + 2] = inSquare ? (byte)230 : (byte)((x * 7 + y * 3 + seed) % 64);
                }
            }
        }

        return new RgbFrames(width, height, count, data);
    }

    /// <summary>Two moving clips and a still for training, one clip and a still for validation.</summary>
    public static TrainingDataset SyntheticData(int size = 16) => new(
        "synthetic",
        [
            new MediaClip("pattern-a", Pattern(size + 8, size + 4, 12), 1.0),
            new MediaClip("pattern-b", Pattern(size + 4, size + 6, 7, seed: 3), 1.0),
            new MediaClip("still", Pattern(size + 10, size + 10, 1, seed: 5), 1.0),
        ],
        [
            new MediaClip("validation", Pattern(size, size, 9, seed: 11), 1.0),
            new MediaClip("validation-still", Pattern(size, size, 1, seed: 13), 1.0),
        ]);

    /// <summary>Runs ffmpeg (for test media from its lavfi sources).</summary>
    public static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-nostdin", "-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {error}");
    }
}
