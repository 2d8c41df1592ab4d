using System.CommandLine;
using System.Text.Json;
using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;

namespace Magvit.Cli.Tests.Commands;

/// <summary>The <c>bench serve</c> contract on a tiny model: real hosts, real loopback gRPC, seconds instead of minutes.</summary>
public sealed class BenchServeCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string modelFolder = SaveTinyModel();

    public void Dispose() => Directory.Delete(modelFolder, recursive: true);

    [Fact]
    public async Task BenchServe_QuickJsonOnATinyModel_ReportsRatiosLatencyStreamsAndWireBytes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var parsed = CliApp.Build().Parse(["bench", "serve", "--quick", "--json", "--model", modelFolder, "--size", "16", "--frames", "5"]);

        var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Timeout);

        Assert.True(exitCode == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.False(root.GetProperty("numerics_check").GetBoolean());
        foreach (var phase in new[] { "tokenize", "detokenize" })
        {
            var result = root.GetProperty(phase);
            Assert.True(result.GetProperty("grpc_vs_inproc_ratio").GetDouble() > 0);
            Assert.True(result.GetProperty("first_output_vs_compute_ratio").GetDouble() > 0);
            Assert.InRange(result.GetProperty("grpc_forward_share").GetDouble(), 0.01, 1.01);
            Assert.True(result.GetProperty("inproc_first_unit_forward_ms").GetDouble() > 0);
            Assert.True(result.GetProperty("speedup_8_vs_1").GetDouble() > 0);
            var streams = result.GetProperty("streams").EnumerateArray().ToList();
            Assert.Equal([1, 2, 4, 8], streams.Select(p => p.GetProperty("streams").GetInt32()));
            Assert.All(streams, p => Assert.True(p.GetProperty("forward_ms_per_row").GetDouble() > 0));
        }

        // 16² at 8× down-sampling: 2×2 = 4 tokens per chunk, 4·18 bits = 9 bytes exactly.
        var wire = root.GetProperty("wire");
        Assert.Equal(18, wire.GetProperty("codebook_bits").GetInt32());
        Assert.Equal(2.25, wire.GetProperty("packed").GetProperty("payload_bytes_per_token").GetDouble());
        Assert.True(wire.GetProperty("packed").GetProperty("connection_bytes_per_token").GetDouble() > wire.GetProperty("packed").GetProperty("message_bytes_per_token").GetDouble());
        Assert.True(wire.GetProperty("uint32").GetProperty("payload_bytes_per_token").GetDouble() > 2.25);
    }

    [Fact]
    public void BenchServe_ModelAndPresetTogether_IsAParseError()
    {
        var result = CliApp.Build().Parse(["bench", "serve", "--model", "/m", "--preset", TokenizerPresets.CausalDefault]);

        Assert.NotEmpty(result.Errors);
    }

    private static string SaveTinyModel()
    {
        TorchRuntime.Initialize();
        torch.manual_seed(5);
        using var model = new MagvitTokenizer(new TokenizerConfig
        {
            Kind = TokenizerKind.CausalVideo,
            Channels = 32,
            ChannelMultipliers = [1, 2, 2, 2],
            ResBlocks = 1,
            LatentChannels = 18,
        });
        var folder = Directory.CreateTempSubdirectory("magvit-bench-serve-").FullName;
        TokenizerCheckpoint.Save(model, folder);
        return folder;
    }
}
