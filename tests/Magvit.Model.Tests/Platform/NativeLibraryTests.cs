using Magvit.Model.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Platform;

public sealed class NativeLibraryTests
{
    [Fact]
    public void Initialize_OnThisSystem_LoadsLibTorchAndRunsAConvolution()
    {
        TorchRuntime.Initialize();
        using var scope = NewDisposeScope();
        var x = arange(16, dtype: float32).reshape(1, 1, 4, 4);
        var w = ones(1, 1, 3, 3);
        var y = nn.functional.conv2d(x, w, padding: [1, 1]);

        // Centre pixel (1,1) sums the 3×3 neighbourhood 0,1,2,4,5,6,8,9,10.
        Assert.Equal(45f, y[0, 0, 1, 1].item<float>());
    }
}
