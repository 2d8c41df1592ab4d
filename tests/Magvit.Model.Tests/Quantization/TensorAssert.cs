using static TorchSharp.torch;

namespace Magvit.Model.Tests.Quantization;

/// <summary>Tensor assertions; TorchSharp's <c>equal</c> is element-wise, unlike PyTorch's bool <c>torch.equal</c>.</summary>
internal static class TensorAssert
{
    public static void Equal(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.True(actual.eq(expected).all().item<bool>(), "Tensors differ.");
    }

    public static void Close(Tensor expected, Tensor actual, double rtol, double atol)
    {
        Assert.Equal(expected.shape, actual.shape);
        var worst = (actual - expected).abs().max().to_type(ScalarType.Float64).item<double>();
        Assert.True(actual.allclose(expected, rtol, atol), $"Tensors differ; largest absolute difference {worst:G6}.");
    }
}
