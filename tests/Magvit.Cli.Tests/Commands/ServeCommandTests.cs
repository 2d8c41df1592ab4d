using System.Diagnostics;
using Magvit.Cli.Benchmarks.Serve;
using Magvit.Cli.Commands;
using Magvit.Cli.Tests.Support;
using Magvit.Cli.Tokens;

namespace Magvit.Cli.Tests.Commands;

/// <summary><c>magvit serve</c> as a user runs it: a separate process serving until Ctrl+C, used by another command meanwhile.</summary>
[Collection(MediaCommandsGroup.Name)]
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Serve_Tokenizer_ServesUntilCtrlCThenExitsZero()
    {
        var port = LoopbackService.FreePort();
        using var process = CliRun.Start(["serve", "tokenizer", "--preset", "causal-tiny", "--port", $"{port}", "--metrics-port", $"{LoopbackService.FreePort()}", "--threads", "1", "--skip-numerics-check"]);
        var error = process.StandardError.ReadToEndAsync();
        string? line;
        do
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(CliRun.Timeout);
        }
        while (line is not null && !line.StartsWith("ready", StringComparison.Ordinal));

        if (line is null)
        {
            Assert.Fail($"serve stopped before it was ready: {await error.WaitAsync(CliRun.Timeout)}");
        }

        var tokenize = await CliRun.RunAsync("tokenize", CliRun.Sample, "-o", folder.File("x.mgt"), "--size", "32", "--frames", "5", "--tokenizer", $"http://127.0.0.1:{port}");
        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync().WaitAsync(CliRun.Timeout);
        }

        await process.WaitForExitAsync().WaitAsync(CliRun.Timeout);
        await error.WaitAsync(CliRun.Timeout);

        Assert.True(tokenize.ExitCode == 0, tokenize.Error);
        Assert.Equal(2, MgtReader.Read(folder.File("x.mgt")).Frames.Count);
        Assert.Equal(CliExitCodes.Ok, process.ExitCode);
    }
}
