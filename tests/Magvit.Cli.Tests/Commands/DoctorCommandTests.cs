using System.CommandLine;
using System.Text.Json;
using Magvit.Cli.Commands;
using Magvit.Cli.Diagnostics;
using Magvit.Model.Numerics;

namespace Magvit.Cli.Tests.Commands;

public sealed class DoctorCommandTests
{
    [Fact]
    public void Doctor_CausalDefaultAsJson_ExitsZeroWithAParsableReport()
    {
        var (exitCode, output, _) = Invoke("doctor", "--config", "causal-default", "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("native").GetProperty("torch_version").GetString()));
        var config = Assert.Single(root.GetProperty("configs").EnumerateArray());
        Assert.Equal("causal-default", config.GetProperty("config_name").GetString());
        var rows = config.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.GetProperty("guarded_error").GetDouble() <= r.GetProperty("tolerance").GetDouble()));
    }

    [Fact]
    public void Tables_WithAGuardNeededAndAWrongRow_MarkThemAndFail()
    {
        var shape = new ConvShape(2, 18, 8, 8, 64, 3, 3, 1, 1);
        var report = new ConvNumericsReport("m", [new ConvNumericsRow(shape, 1e-7, 3.0, 1e-4), new ConvNumericsRow(shape, 0.5, 0.5, 1e-4)]);
        var native = new NativeLibraryInfo("2.10.0", 2, "/x/libLibTorchSharp.so", "/usr/lib/libstdc++.so.6", "GLIBCXX_3.4.30", true);
        using var output = new StringWriter();

        DoctorTables.Write(output, native, [report]);

        var text = output.ToString();
        Assert.Contains("18→64 3×3 s1 p1, 8×8", text, StringComparison.Ordinal);
        Assert.Contains("ok (guard needed)", text, StringComparison.Ordinal);
        Assert.Contains("WRONG", text, StringComparison.Ordinal);
        Assert.Contains("GLIBCXX fix needed", text, StringComparison.Ordinal);
        Assert.EndsWith("FAIL", text.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_UnknownConfig_FailsAndListsTheKnownNames()
    {
        var (exitCode, _, error) = Invoke("doctor", "--config", "no-such-model");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no-such-model", error, StringComparison.Ordinal);
        Assert.Contains("causal-default", error, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CliApp.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
