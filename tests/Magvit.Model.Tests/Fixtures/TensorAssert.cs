using static TorchSharp.torch;

namespace Magvit.Model.Tests.Fixtures;

/// <summary>Exact tensor comparison: same dtype, same shape, same values (bit-exact for floats without NaN).</summary>
internal static class TensorAssert
{
    public static void Equal(Tensor expected, Tensor actual, string? name = null)
    {
        string label = name is null ? string.Empty : $"'{name}': ";
        Assert.True(expected.dtype == actual.dtype, $"{label}dtype {actual.dtype}, expected {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{label}shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        Assert.True(expected.eq(actual).all().item<bool>(), $"{label}values differ");
    }

    public static void Equal(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected)
        {
            Equal(value, actual[key], key);
        }
    }
}
