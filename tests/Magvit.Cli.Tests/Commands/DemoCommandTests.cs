using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Magvit.Cli.Commands;
using Magvit.Cli.Tests.Support;

namespace Magvit.Cli.Tests.Commands;

/// <summary>
/// <c>magvit demo</c> end to end as a user runs it: a separate CLI process that starts the three services as its own
/// child processes, on tiny models (causal-tiny and a 4×4-grid masked generator of 18-bit tokens: 9 frames of 32²).
/// Every test checks that no child process outlives the CLI.
/// </summary>
[Collection(MediaCommandsGroup.Name)]
public sealed partial class DemoCommandTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Demo_TinyModels_WritesEveryOutputAndLeavesNoChildBehind()
    {
        var clock = Stopwatch.StartNew();

        var (exitCode, output, error) = await CliRun.RunProcessAsync(Arguments(TinyGenerator.Write(folder.File("generator"))), Bound);

        Assert.True(exitCode == 0, error);
        Assert.True(clock.Elapsed < Bound);
        foreach (var file in new[] { "input.mp4", "input.gif", "reconstruction.mp4", "reconstruction.gif", "continuation.mp4", "continuation.gif", "comparison.png", "metrics.json" })
        {
            Assert.True(new FileInfo(folder.File(Path.Combine("out", file))) is { Exists: true, Length: > 0 }, file);
        }

        using var metrics = JsonDocument.Parse(File.ReadAllText(folder.File("out/metrics.json")));
        var root = metrics.RootElement;
        Assert.Equal(root.ToString(), JsonDocument.Parse(output).RootElement.ToString());   // --json prints the same object
        Assert.Equal((9, 32, 32), (root.GetProperty("input").GetProperty("frames").GetInt32(), root.GetProperty("input").GetProperty("width").GetInt32(), root.GetProperty("input").GetProperty("height").GetInt32()));
        var reconstruction = root.GetProperty("reconstruction");
        Assert.Equal(3 * 16, reconstruction.GetProperty("tokens").GetInt32());
        Assert.Equal(18.0 / (8 * 8 * 4), reconstruction.GetProperty("raw_bpp").GetDouble(), 9);
        Assert.Equal(3 * 16 * 18 / (9.0 * 32 * 32), reconstruction.GetProperty("clip_bpp").GetDouble(), 9);
        Assert.InRange(reconstruction.GetProperty("psnr_db").GetDouble(), 1, 60);
        Assert.True(reconstruction.GetProperty("time_to_first_frame_ms").GetDouble() > 0);
        var continuation = root.GetProperty("continuation");
        Assert.Equal((2, 1, 9), (continuation.GetProperty("prompt_latent_frames").GetInt32(), continuation.GetProperty("generated_latent_frames").GetInt32(), continuation.GetProperty("frames").GetInt32()));
        Assert.Equal(1UL, continuation.GetProperty("seed").GetUInt64());
        Assert.True(root.GetProperty("untrained").GetBoolean());
        foreach (var stage in new[] { "start_services", "decode_input", "reconstruct", "continue", "write_outputs", "total" })
        {
            Assert.True(root.GetProperty("timings_ms").GetProperty(stage).GetDouble() > 0, stage);
        }

        Assert.Contains("WARNING: untrained weights", error, StringComparison.Ordinal);
        AssertGone(ChildIds(error, expected: 3));
    }

    [Fact]
    public async Task Demo_ModelsThatDoNotFit_ExitsOneAndLeavesNoChildBehind()
    {
        // masked-tiny models 6-bit tokens; causal-tiny makes 18-bit ones.
        var (exitCode, _, error) = await CliRun.RunProcessAsync(["demo", "--out", folder.File("out"), "--tokenizer-preset", "causal-tiny", "--generator-preset", "masked-tiny", "--threads", "1"], Bound);

        Assert.Equal(CliExitCodes.Failure, exitCode);
        Assert.Contains("do not fit together", error, StringComparison.Ordinal);
        AssertGone(ChildIds(error, expected: 3));
    }

    [Fact]
    public async Task Demo_Interrupted_StopsItsChildren()
    {
        using var process = CliRun.Start(Arguments(TinyGenerator.Write(folder.File("generator"))));
        var error = new System.Text.StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
                if (StartedLine().Count(error.ToString()) == 3)
                {
                    started.TrySetResult();
                }
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await started.Task.WaitAsync(Bound);
        string log;
        lock (error)
        {
            log = error.ToString();
        }

        var children = ChildIds(log, expected: 3);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(Bound);
        }

        await process.WaitForExitAsync().WaitAsync(Bound);
        await stdout.WaitAsync(Bound);

        Assert.Contains(process.ExitCode, new[] { CliExitCodes.Interrupted, CliExitCodes.Ok });   // Ctrl+C may land after the last output
        AssertGone(children);
    }

    private string[] Arguments(string generator)
        => ["demo", "--out", folder.File("out"), "--tokenizer-preset", "causal-tiny", "--generator-model", generator, "--steps", "2", "--threads", "1", "--scale", "2", "--json"];

    private static List<int> ChildIds(string error, int expected)
    {
        var ids = StartedLine().Matches(error).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(ids.Count == expected, error);
        return ids;
    }

    private static void AssertGone(IEnumerable<int> ids)
    {
        // The CLI waits for its children before it exits; allow the kernel a moment to reap them.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ids.Any(CliRun.IsAlive) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        Assert.All(ids, id => Assert.False(CliRun.IsAlive(id), $"service process {id} outlived the CLI"));
    }

    [GeneratedRegex(@"started the \w+ \(pid (\d+)\)")]
    private static partial Regex StartedLine();
}
