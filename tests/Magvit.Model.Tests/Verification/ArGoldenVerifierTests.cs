using Magvit.Model.IO;
using Magvit.Model.Runtime;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Verification;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Verification;

public sealed class ArGoldenVerifierTests
{
    private const string Set = "open_magvit2_ar";

    public ArGoldenVerifierTests() => TorchRuntime.Initialize();

    [Fact]
    public void Verify_ArGoldenSet_EveryCheckPasses()
    {
        var report = GoldenVerifier.Verify(TestSupport.RepoPath("tests", "golden", Set));

        Assert.Empty(report.Problems);
        Assert.All(report.Checks, check => Assert.True(check.Passed, $"{check.Name}: {check.MaxAbsError} > {check.Tolerance} {check.Detail}"));
        string[] expected =
        [
            "freqs_cis", "tf_logits_pre_cond", "tf_logits_post_null", "tf_act_norm_out", "gen_nocfg_full", "gen_cfg2_full",
            "gen_cfg2_full without KV cache", "gen_cfg2_step_logits_post_raw", "gen_nocfg_step_ctx",
        ];
        Assert.All(expected, name => Assert.Contains(report.Checks, c => c.Name == name));
        Assert.True(report.Passed);
    }

    [Fact]
    public void Verify_WeightsOnlyAsTorchSave_LoadsThePickleAndPasses()
    {
        using var folder = CopyOfSet();
        File.Delete(Path.Combine(folder.Path, "weights.safetensors"));

        Assert.True(GoldenVerifier.Verify(folder.Path).Passed);
    }

    [Fact]
    public void Verify_PerturbedStepLogits_FailsThatCheckOnly()
    {
        using var folder = CopyOfSet();
        Perturb(folder, "gen_cfg2_step_logits_post_raw.npy", a => a[3, 15, 63] = a[3, 15, 63] + 1e-3f);

        var report = GoldenVerifier.Verify(folder.Path);

        Assert.Equal(["gen_cfg2_step_logits_post_raw"], report.Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray());
    }

    [Fact]
    public void Verify_ChangedGeneratedToken_FailsTheTokenCheck()
    {
        using var folder = CopyOfSet();
        Perturb(folder, "gen_nocfg_post.npy", a => a[1, 7] = (a[1, 7] + 1) % 64);

        var report = GoldenVerifier.Verify(folder.Path);

        var failed = Assert.Single(report.Checks, c => !c.Passed);
        Assert.Equal(("gen_nocfg_post", 1.0), (failed.Name, failed.MaxAbsError));
    }

    [Fact]
    public void Verify_UnknownArray_ReportsItAsUnchecked()
    {
        using var folder = CopyOfSet();
        var manifest = Path.Combine(folder.Path, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"arrays\": {", "\"arrays\": {\"mystery\": {\"file\": \"tokens_pre.npy\"},", StringComparison.Ordinal));

        var report = GoldenVerifier.Verify(folder.Path);

        Assert.False(report.Passed);
        Assert.Contains(report.Problems, p => p.Contains("mystery", StringComparison.Ordinal));
    }

    private static void Perturb(TempDirectory folder, string file, Action<Tensor> change)
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder.Path, file);
        var array = NpyArray.Read(path);
        change(array);
        NpyArray.Write(path, array);
    }

    private static TempDirectory CopyOfSet()
    {
        var folder = new TempDirectory();
        foreach (var file in Directory.GetFiles(TestSupport.RepoPath("tests", "golden", Set)))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        return folder;
    }
}
