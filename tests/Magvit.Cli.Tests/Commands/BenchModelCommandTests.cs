using System.Text.Json;
using Magvit.Cli.Benchmarks;

namespace Magvit.Cli.Tests.Commands;

/// <summary>The <c>bench model</c> contract, without the minutes of a real run.</summary>
public sealed class BenchModelCommandTests
{
    [Fact]
    public void BenchReport_AsJson_HasThePeakAndTheThreePathsWithTheirThreeFields()
    {
        var phase = new PhaseResult(1, 2, 3, 4, 0.5, 2);
        var path = new PathResult("p", 17, 128, 8.5, 200, 0.9, phase, phase);
        var report = new BenchReport(220, 210, 220, 2, false, 5000, "StackedTaps", path, path, path);

        using var writer = new StringWriter();
        CliJson.Write(writer, report);

        using var json = JsonDocument.Parse(writer.ToString());
        Assert.Equal(220, json.RootElement.GetProperty("peak_gflops").GetDouble());
        foreach (var name in new[] { "image", "video", "causal" })
        {
            var element = json.RootElement.GetProperty(name);
            Assert.Equal(8.5, element.GetProperty("frames_per_second").GetDouble());
            Assert.Equal(200, element.GetProperty("gflops").GetDouble());
            Assert.Equal(0.9, element.GetProperty("ratio_to_peak").GetDouble());
        }
    }

    [Theory]
    [InlineData("video", false, 17, 128)]
    [InlineData("video", true, 9, 64)]
    [InlineData("causal", false, 17, 128)]
    [InlineData("causal", true, 9, 64)]
    [InlineData("image", true, 1, 128)]
    public void BenchmarkPath_QuickOrFull_UsesTheDocumentedSizes(string name, bool quick, int frames, int size)
    {
        var path = BenchmarkPath.Get(name, quick);

        Assert.Equal((frames, size), (path.Frames, path.Size));
    }

    [Fact]
    public void BenchModel_UnknownPath_IsAParseError()
    {
        var result = CliApp.Build().Parse(["bench", "model", "--path", "audio"]);

        Assert.NotEmpty(result.Errors);
    }
}
