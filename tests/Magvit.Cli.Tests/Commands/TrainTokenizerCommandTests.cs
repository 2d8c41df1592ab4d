using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Magvit.Cli.Commands;

namespace Magvit.Cli.Tests.Commands;

/// <summary><c>magvit train tokenizer</c> on a recipe of tiny lavfi-made media (ffmpeg from scripts/install-test-deps.sh).</summary>
public sealed class TrainTokenizerCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("magvit-cli-train-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TrainTokenizer_TinyRecipe_CompletesWritesTheModelAndResumesToMoreSteps()
    {
        var recipe = WriteRecipe();
        var run = Path.Combine(directory, "run");
        string[] common = ["train", "tokenizer", "--out", run, "--log-every", "1", "--json"];

        var (exitCode, output, error) = Invoke([.. common, "--recipe", recipe, "--preset", "causal-tiny", "--size", "32", "--frames", "5",
            "--image-steps", "1", "--steps", "1", "--batch", "1", "--image-batch", "2", "--seed", "3", "--adversarial"]);

        Assert.True(exitCode == TrainExitCodes.Completed, error);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.True(json.RootElement.GetProperty("completed").GetBoolean());
            Assert.Equal(2, json.RootElement.GetProperty("steps").GetInt64());
            Assert.True(json.RootElement.GetProperty("last_validation").GetProperty("video_psnr").GetDouble() > 0);
        }

        Assert.True(File.Exists(Path.Combine(run, "model", "model.safetensors")));
        Assert.Contains("[image] step 1/2", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "checkpoint", "discriminator.safetensors")));   // --adversarial took

        var (resumedExit, resumedOutput, resumedError) = Invoke([.. common, "--resume", "--steps", "2"]);

        Assert.True(resumedExit == TrainExitCodes.Completed, resumedError);
        Assert.Contains("resumed", resumedError, StringComparison.Ordinal);
        using var resumed = JsonDocument.Parse(resumedOutput);
        Assert.Equal(3, resumed.RootElement.GetProperty("steps").GetInt64());
    }

    [Fact]
    public void TrainTokenizer_ResumeWithAnotherLearningRate_ExitsTwo()
    {
        var recipe = WriteRecipe();
        var run = Path.Combine(directory, "run");
        Invoke("train", "tokenizer", "--out", run, "--recipe", recipe, "--size", "16", "--frames", "5", "--steps", "1", "--batch", "1");

        var (exitCode, _, error) = Invoke("train", "tokenizer", "--out", run, "--resume", "--lr", "0.5");

        Assert.Equal(TrainExitCodes.InvalidArguments, exitCode);
        Assert.Contains("may change only", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainTokenizer_PerceptualWeight_ExitsTwoWithTheReason()
    {
        var (exitCode, _, error) = Invoke("train", "tokenizer", "--out", Path.Combine(directory, "run"), "--perceptual-weight", "1");

        Assert.Equal(TrainExitCodes.InvalidArguments, exitCode);
        Assert.Contains("perceptual loss is not available", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainTokenizer_UnknownPreset_ExitsTwoListingThePresets()
    {
        var (exitCode, _, error) = Invoke("train", "tokenizer", "--out", Path.Combine(directory, "run"), "--preset", "huge");

        Assert.Equal(TrainExitCodes.InvalidArguments, exitCode);
        Assert.Contains("causal-tiny", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainTokenizer_DataNotFetched_ExitsThreeAndSaysHowToFetchIt()
    {
        var recipe = Path.Combine(directory, "recipe.json");
        File.WriteAllText(recipe, $$"""{ "name": "absent", "root": "{{Path.Combine(directory, "nothing-here")}}", "sources": [ { "path": "a.mp4", "kind": "video" } ] }""");

        var (exitCode, _, error) = Invoke("train", "tokenizer", "--out", Path.Combine(directory, "run"), "--recipe", recipe);

        Assert.Equal(TrainExitCodes.MissingData, exitCode);
        Assert.Contains("scripts/fetch-training-data.sh", error, StringComparison.Ordinal);
    }

    /// <summary>A recipe over a 24-frame moving test pattern, a photo, and a held-out clip, all made by ffmpeg.</summary>
    private string WriteRecipe()
    {
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=60x44:rate=25:duration=0.96", "-c:v", "ffv1", Path.Combine(directory, "walk.mkv"));
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=32x32:rate=25:duration=0.36", "-c:v", "ffv1", Path.Combine(directory, "held.mkv"));
        Ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", Path.Combine(directory, "photo.png"));
        var recipe = Path.Combine(directory, "recipe.json");
        File.WriteAllText(recipe, $$"""
            {
              "name": "lavfi",
              "root": "{{directory}}",
              "sources": [
                { "path": "walk.mkv", "kind": "video" },
                { "path": "photo.png", "kind": "image" },
                { "path": "held.mkv", "kind": "video", "split": "validation" }
              ]
            }
            """);
        return recipe;
    }

    private static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in (string[])["-nostdin", "-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }

    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CliApp.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
