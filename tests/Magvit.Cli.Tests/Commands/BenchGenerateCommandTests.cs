using System.CommandLine;
using System.Text.Json;
using Magvit.Model.Generation.Autoregressive;
using Magvit.Model.Runtime;
using TorchSharp;

namespace Magvit.Cli.Tests.Commands;

/// <summary>The <c>bench generate</c> contract on the tiny presets: real in-process generators, a real host on loopback.</summary>
public sealed class BenchGenerateCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task BenchGenerate_QuickJson_ReportsEveryRatioAndIdenticalCachedTokens()
    {
        var (exitCode, output, error) = await RunAsync("bench", "generate", "--quick", "--json");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("quick").GetBoolean());

        var ar = root.GetProperty("autoregressive");
        Assert.True(ar.GetProperty("tokens_identical").GetBoolean(), "cached and uncached greedy decoding must give the same tokens");
        var kv = ar.GetProperty("kv_cache").EnumerateArray().ToList();
        Assert.Equal([1, 3], kv.Select(p => p.GetProperty("latent_frames").GetInt32())); // ar-tiny-video: 3 latent frames
        Assert.All(kv, p =>
        {
            Assert.True(p.GetProperty("tokens_identical").GetBoolean());
            Assert.True(p.GetProperty("distinct_tokens").GetInt32() > 1, "a constant output would make the identity check vacuous");
            Assert.True(p.GetProperty("cache_vs_no_cache_ratio").GetDouble() > 0);
        });
        Assert.True(ar.GetProperty("guidance").GetProperty("guided_vs_unguided_ratio").GetDouble() > 0);

        var masked = root.GetProperty("masked");
        Assert.Equal(4, masked.GetProperty("points").GetArrayLength()); // image and video at 8 and 12 steps
        foreach (var ratio in new[] { "image_steps_12_vs_8_ratio", "video_steps_12_vs_8_ratio", "video_vs_image_frame_8_steps_ratio", "video_vs_image_frame_12_steps_ratio", "video_last_vs_first_frame_ratio" })
        {
            Assert.True(masked.GetProperty(ratio).GetDouble() > 0, ratio);
        }

        var grpc = root.GetProperty("grpc");
        foreach (var (kind, message) in new[] { ("autoregressive", "TokenRows"), ("masked", "TokenChunk") })
        {
            var result = grpc.GetProperty(kind);
            var first = result.GetProperty("first_token");
            Assert.Equal(message, first.GetProperty("message").GetString());
            Assert.True(first.GetProperty("grpc_vs_inproc_ratio").GetDouble() > 0);
            Assert.True(first.GetProperty("server_ms").GetDouble() > 0);
            var replicas = result.GetProperty("replicas").EnumerateArray().ToList();
            Assert.Equal([1, 2], replicas.Select(r => r.GetProperty("replicas").GetInt32()));
            Assert.All(replicas, r => Assert.True(r.GetProperty("concurrent_4_vs_1_ratio").GetDouble() > 0));
        }
    }

    [Fact]
    public async Task BenchGenerate_ModelAndPresetOfOneKind_FailsNamingBoth()
    {
        TorchRuntime.Initialize();
        torch.manual_seed(3);
        var folder = Directory.CreateTempSubdirectory("magvit-bench-generate-").FullName;
        try
        {
            using (var model = new AutoregressiveTransformer(AutoregressivePresets.Get(AutoregressivePresets.TinyVideo)))
            {
                AutoregressiveCheckpoint.Save(model, folder);
            }

            var (exitCode, _, error) = await RunAsync("bench", "generate", "--quick", "--model", folder, "--ar-preset", AutoregressivePresets.Tiny);

            Assert.Equal(1, exitCode);
            Assert.Contains("--ar-preset", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--ar-preset", "no-such-preset")]
    [InlineData("--masked-preset", "no-such-preset")]
    [InlineData("--rounds", "-1")]
    public void BenchGenerate_BadOption_IsAParseError(string option, string value)
    {
        var result = CliApp.Build().Parse(["bench", "generate", option, value]);

        Assert.NotEmpty(result.Errors);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Timeout);
        return (exitCode, output.ToString(), error.ToString());
    }
}
