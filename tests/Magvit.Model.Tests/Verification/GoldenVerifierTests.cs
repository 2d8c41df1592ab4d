using Magvit.Model.IO;
using Magvit.Model.Tests.Fixtures;
using Magvit.Model.Runtime;
using Magvit.Model.Verification;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Verification;

public sealed class GoldenVerifierTests
{
    [Theory]
    [InlineData("open_magvit2_image")]
    [InlineData("open_magvit2_image_z14")]
    [InlineData("open_magvit2_video")]
    public void Verify_ReferenceGoldenSet_MatchesWithinTolerance(string set)
    {
        TorchRuntime.Initialize();

        var report = GoldenVerifier.Verify(TestSupport.RepoPath("tests", "golden", set));

        Assert.Empty(report.Problems);
        Assert.All(report.Checks, check => Assert.True(check.Passed, $"{check.Name}: {check.MaxAbsError} > {check.Tolerance} {check.Detail}"));
        Assert.Contains(report.Checks, check => check.Name.Contains("(batch ×2)", StringComparison.Ordinal));
        Assert.True(report.Passed);
    }

    [Fact]
    public void Verify_WeightsOnlyAsTorchSave_LoadsThePickleAndPasses()
    {
        TorchRuntime.Initialize();
        using var folder = CopyOfSet("open_magvit2_image");
        File.Delete(Path.Combine(folder.Path, "weights.safetensors"));

        Assert.True(GoldenVerifier.Verify(folder.Path).Passed);
    }

    [Fact]
    public void Verify_PerturbedReconstruction_FailsThatCheckOnly()
    {
        TorchRuntime.Initialize();
        using var folder = CopyOfSet("open_magvit2_image");
        var file = Path.Combine(folder.Path, "reconstruction.npy");
        using (var scope = NewDisposeScope())
        {
            var array = NpyArray.Read(file);
            array[0, 0, 0, 0] = array[0, 0, 0, 0] + 1e-3f;
            NpyArray.Write(file, array);
        }

        var report = GoldenVerifier.Verify(folder.Path);

        Assert.False(report.Passed);
        var failed = report.Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();
        Assert.Equal(["reconstruction", "reconstruction (batch ×2)"], failed);
    }

    [Fact]
    public void Verify_FlippedTokenAtLargeLatent_FailsIndices()
    {
        TorchRuntime.Initialize();
        using var folder = CopyOfSet("open_magvit2_image");
        var file = Path.Combine(folder.Path, "indices.npy");
        using (var scope = NewDisposeScope())
        {
            var ids = NpyArray.Read(file);
            ids[1, 2, 3] = ids[1, 2, 3].bitwise_xor(tensor(1L << 17));
            NpyArray.Write(file, ids);
        }

        var report = GoldenVerifier.Verify(folder.Path);

        Assert.Contains(report.Checks, c => c.Name == "indices" && !c.Passed);
    }

    [Fact]
    public void Verify_UnknownArray_ReportsItAsUnchecked()
    {
        TorchRuntime.Initialize();
        using var folder = CopyOfSet("open_magvit2_image_z14");
        var manifest = Path.Combine(folder.Path, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"arrays\": {", "\"arrays\": {\"mystery\": {\"file\": \"input.npy\"},", StringComparison.Ordinal));

        var report = GoldenVerifier.Verify(folder.Path);

        Assert.False(report.Passed);
        Assert.Contains(report.Problems, p => p.Contains("mystery", StringComparison.Ordinal));
    }

    private static TempDirectory CopyOfSet(string set)
    {
        var folder = new TempDirectory();
        foreach (var file in Directory.GetFiles(TestSupport.RepoPath("tests", "golden", set)))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        return folder;
    }
}
