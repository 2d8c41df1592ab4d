using System.Text.Json;
using Magvit.Cli.Commands;
using Magvit.Cli.Tests.Support;
using Magvit.Cli.Tokens;

namespace Magvit.Cli.Tests.Commands;

/// <summary>tokenize, detokenize, reconstruct and generate against services started in this process (--local), on the bundled clip.</summary>
[Collection(MediaCommandsGroup.Name)]
public sealed class MediaCommandTests : IDisposable
{
    private static readonly string[] Tiny = ["--local", "--tokenizer-preset", "causal-tiny", "--threads", "1"];
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task TokenizeThenDetokenize_SampleClip_EqualsReconstruct()
    {
        string[] clip = ["--size", "32", "--frames", "10"];   // 10 frames: the tenth completes no latent frame and is dropped

        var tokenize = await CliRun.RunAsync([.. (string[])["tokenize", CliRun.Sample, "-o", folder.File("clip.mgt"), "--json"], .. clip, .. Tiny]);
        var detokenize = await CliRun.RunAsync([.. (string[])["detokenize", folder.File("clip.mgt"), "-o", folder.File("tokens.png")], .. Tiny]);
        var reconstruct = await CliRun.RunAsync([.. (string[])["reconstruct", CliRun.Sample, "-o", folder.File("direct.png"), "--json"], .. clip, .. Tiny]);

        Assert.True(tokenize.ExitCode == 0, tokenize.Error);
        Assert.True(detokenize.ExitCode == 0, detokenize.Error);
        Assert.True(reconstruct.ExitCode == 0, reconstruct.Error);
        using var report = JsonDocument.Parse(tokenize.Output);
        Assert.Equal(3, report.RootElement.GetProperty("latent_frames").GetInt32());
        Assert.Equal(9, report.RootElement.GetProperty("frames").GetInt32());
        var tokens = MgtReader.Read(folder.File("clip.mgt"));
        Assert.Equal((18, 4, 4, 3), (tokens.Header.CodebookBits, tokens.Header.GridHeight, tokens.Header.GridWidth, tokens.Frames.Count));
        Assert.Equal(File.ReadAllBytes(folder.File("direct.png")), File.ReadAllBytes(folder.File("tokens.png")));
        using var reconstruction = JsonDocument.Parse(reconstruct.Output);
        Assert.Equal(9, reconstruction.RootElement.GetProperty("frames").GetInt32());
        Assert.True(reconstruction.RootElement.GetProperty("psnr_db").GetDouble() > 0);
        Assert.Contains("WARNING: untrained weights", tokenize.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_SameSeed_SameTokensAndOtherSeedOtherTokens()
    {
        string[] generator = ["--local", "--generator-preset", "masked-tiny", "--threads", "1", "--steps", "4"];

        var first = await CliRun.RunAsync([.. (string[])["generate", "-o", folder.File("a.mgt"), "--seed", "7", "--json"], .. generator]);
        var second = await CliRun.RunAsync([.. (string[])["generate", "-o", folder.File("b.mgt"), "--seed", "7"], .. generator]);
        var other = await CliRun.RunAsync([.. (string[])["generate", "-o", folder.File("c.mgt"), "--seed", "8"], .. generator]);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && other.ExitCode == 0, first.Error + second.Error + other.Error);
        Assert.Equal(File.ReadAllBytes(folder.File("a.mgt")), File.ReadAllBytes(folder.File("b.mgt")));
        Assert.NotEqual(File.ReadAllBytes(folder.File("a.mgt")), File.ReadAllBytes(folder.File("c.mgt")));
        using var report = JsonDocument.Parse(first.Output);
        Assert.Equal(7UL, report.RootElement.GetProperty("seed").GetUInt64());
        Assert.Equal(3, MgtReader.Read(folder.File("a.mgt")).Frames.Count);   // masked-tiny's whole context
    }

    [Fact]
    public async Task Generate_PromptVideo_StartsWithThePromptsTokens()
    {
        var model = TinyGenerator.Write(folder.File("generator"));
        string[] services = [.. Tiny, "--generator-model", model];

        var result = await CliRun.RunAsync([.. (string[])["generate", "-o", folder.File("continued.mgt"), "--prompt", CliRun.Sample, "--frames", "1", "--seed", "3", "--steps", "2"], .. services]);
        await CliRun.RunAsync([.. (string[])["tokenize", CliRun.Sample, "-o", folder.File("prompt.mgt"), "--size", "32", "--frames", "1"], .. Tiny]);

        Assert.True(result.ExitCode == 0, result.Error);
        var continued = MgtReader.Read(folder.File("continued.mgt"));
        Assert.Equal(3, continued.Frames.Count);   // 1 prompt + 2 generated latent frames
        Assert.Equal(MgtReader.Read(folder.File("prompt.mgt")).Frames[0].Ids, continued.Frames[0].Ids);
    }

    [Theory]
    [InlineData("tokenize", "missing.mp4", "-o", "x.mgt", "--local")]
    [InlineData("tokenize", "SAMPLE", "-o", "x.avi", "--local")]
    [InlineData("reconstruct", "SAMPLE", "-o", "x.mgt", "--local")]
    [InlineData("tokenize", "SAMPLE", "-o", "x.mgt")]
    [InlineData("tokenize", "SAMPLE", "-o", "x.mgt", "--local", "--tokenizer", "http://127.0.0.1:1")]
    [InlineData("detokenize", "missing.mgt", "-o", "x.mp4", "--local")]
    [InlineData("tokenize", "SAMPLE", "-o", "x.mgt", "--no-such-option")]
    [InlineData("tokenize", "SAMPLE", "-o", "x.mgt", "--size", "1")]
    [InlineData("generate", "-o", "x.mgt", "--local", "--generator-preset", "no-such-preset")]
    [InlineData("serve", "everything")]
    public async Task Command_BadCommandLine_ExitsTwoWithAMessage(params string[] args)
    {
        var (exitCode, _, error) = await CliRun.RunAsync([.. args.Select(a => a == "SAMPLE" ? CliRun.Sample : a.Contains('.', StringComparison.Ordinal) && !a.StartsWith("http", StringComparison.Ordinal) ? folder.File(a) : a)]);

        Assert.Equal(CliExitCodes.Usage, exitCode);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task Tokenize_UnreachableTokenizer_ExitsOneSayingHowToStartIt()
    {
        var (exitCode, _, error) = await CliRun.RunAsync("tokenize", CliRun.Sample, "-o", folder.File("x.mgt"), "--tokenizer", "http://127.0.0.1:1");

        Assert.Equal(CliExitCodes.Failure, exitCode);
        Assert.Contains("cannot reach the tokenizer at http://127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.Contains("magvit serve tokenizer", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detokenize_CorruptTokenFile_ExitsOneNamingTheProblem()
    {
        File.WriteAllBytes(folder.File("bad.mgt"), [.. "MGT1"u8, 1, 0]);

        var (exitCode, _, error) = await CliRun.RunAsync("detokenize", folder.File("bad.mgt"), "-o", folder.File("x.mp4"), "--local");

        Assert.Equal(CliExitCodes.Failure, exitCode);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokenize_SizeNotAMultipleOfTheTokenSize_ExitsTwoNamingTheFactor()
    {
        var (exitCode, _, error) = await CliRun.RunAsync([.. (string[])["tokenize", CliRun.Sample, "-o", folder.File("x.mgt"), "--size", "36", "--frames", "1"], .. Tiny]);

        Assert.Equal(CliExitCodes.Usage, exitCode);
        Assert.Contains("multiple of 8", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokenize_NoFfmpegOnPath_ExitsOneSayingHowToInstallIt()
    {
        var (exitCode, _, error) = await CliRun.RunProcessAsync(
            ["tokenize", CliRun.Sample, "-o", folder.File("x.mgt"), "--local"], CliRun.Timeout, new Dictionary<string, string> { ["PATH"] = folder.Path });

        Assert.Equal(CliExitCodes.Failure, exitCode);
        Assert.Contains("ffmpeg not found", error, StringComparison.Ordinal);
        Assert.Contains("scripts/install-test-deps.sh", error, StringComparison.Ordinal);
    }
}
