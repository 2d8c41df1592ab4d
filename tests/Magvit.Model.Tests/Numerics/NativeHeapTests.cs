using System.Runtime.InteropServices;
using Magvit.Model.Runtime;

namespace Magvit.Model.Tests.Numerics;

public sealed class NativeHeapTests
{
    [Fact]
    public void Initialize_OnGlibcLinux_KeepsFreedTensorMemoryForReuse()
    {
        TorchRuntime.Initialize();

        var glibc = OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier.StartsWith("linux-", StringComparison.Ordinal)
            && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
        var optedOut = Environment.GetEnvironmentVariable("MAGVIT_MALLOC_REUSE") == "0";
        Assert.Equal(glibc && !optedOut, TorchRuntime.ReusesFreedMemory);
    }
}
