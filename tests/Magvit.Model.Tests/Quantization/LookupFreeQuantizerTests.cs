using Magvit.Model.Quantization;
using Magvit.Model.Runtime;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Quantization;

public sealed class LookupFreeQuantizerTests
{
    // Reference §2 golden token: id 129164 of the 18-bit codebook, channel 0 first.
    private const long GoldenId = 129164;
    private static readonly float[] GoldenCode = [-1, -1, 1, 1, -1, -1, -1, 1, -1, -1, -1, 1, 1, 1, 1, 1, 1, -1];

    public LookupFreeQuantizerTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Ctor_BitsOutsideOneTo31_Throws(int bits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookupFreeQuantizer(bits));

    [Fact]
    public void CodebookSize_EighteenBits_Is262144() => Assert.Equal(262144L, new LookupFreeQuantizer(18).CodebookSize);

    [Fact]
    public void Quantize_PositiveNegativeAndExactZero_MapsZeroToMinusOne()
    {
        using var scope = NewDisposeScope();
        var z = tensor(new[] { 0.5f, -0.5f, 0f, -0f, 1e-30f, -1e-30f }).reshape(1, 6);

        var q = new LookupFreeQuantizer(6).Quantize(z);

        Assert.Equal(new[] { 1f, -1f, -1f, -1f, 1f, -1f }, q.data<float>().ToArray());
    }

    [Fact]
    public void Quantize_Float64Input_KeepsDtype()
    {
        using var scope = NewDisposeScope();
        var z = randn([2, 3, 4, 4], ScalarType.Float64);

        Assert.Equal(ScalarType.Float64, new LookupFreeQuantizer(3).Quantize(z).dtype);
    }

    [Fact]
    public void Quantize_RequiresGrad_ReturnsHardValueWithIdentityGradient()
    {
        using var scope = NewDisposeScope();
        var z = randn(2, 4, 3, 3).requires_grad_(true);
        var quantizer = new LookupFreeQuantizer(4);

        var q = quantizer.Quantize(z);
        q.sum().backward();

        Assert.True(q.requires_grad);
        TensorAssert.Close(quantizer.Quantize(z.detach()), q, rtol: 0, atol: 1e-6);
        TensorAssert.Equal(ones_like(z), z.grad!);
    }

    [Fact]
    public void Quantize_ChannelCountDiffersFromBits_ThrowsArgumentException()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new LookupFreeQuantizer(4).Quantize(randn(1, 5, 2, 2)));
    }

    [Fact]
    public void Indices_GoldenCode_Is129164()
    {
        using var scope = NewDisposeScope();
        var z = tensor(GoldenCode).reshape(1, 18, 1, 1);

        Assert.Equal(GoldenId, new LookupFreeQuantizer(18).Indices(z).item<long>());
    }

    [Fact]
    public void Indices_HandComputedTokens_TreatChannelZeroAsLeastSignificantBit()
    {
        using var scope = NewDisposeScope();

        // Rows are tokens (channels last): [+,−,−] → 1, [−,+,−] → 2, [−,−,+] → 4, [+,+,−] → 3, [+,+,+] → 7, zeros → 0.
        var z = tensor(new[]
        {
            0.3f, -1f, -2f,
            -0.1f, 4f, -1f,
            -1f, -1f, 0.2f,
            1f, 2f, -3f,
            1f, 1f, 1f,
            0f, 0f, 0f,
        }).reshape(6, 3);

        var ids = new LookupFreeQuantizer(3).Indices(z, channelDim: -1);

        Assert.Equal(ScalarType.Int64, ids.dtype);
        Assert.Equal(new long[] { 1, 2, 4, 3, 7, 0 }, ids.data<long>().ToArray());
    }

    [Fact]
    public void Indices_ChannelCountDiffersFromBits_ThrowsArgumentException()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new LookupFreeQuantizer(18).Indices(randn(1, 17, 2, 2)));
    }

    [Fact]
    public void Indices_ChannelsFirstOrLast_GiveTheSameIdsShapedWithoutChannels()
    {
        using var scope = NewDisposeScope();
        var quantizer = new LookupFreeQuantizer(5);
        var z = randn(2, 5, 3, 4);   // (B, K, H, W)

        var first = quantizer.Indices(z);
        var last = quantizer.Indices(z.permute(0, 2, 3, 1), channelDim: -1);

        Assert.Equal(new long[] { 2, 3, 4 }, first.shape);
        TensorAssert.Equal(first, last);
    }

    [Fact]
    public void Codes_GoldenId_IsGoldenCode()
    {
        using var scope = NewDisposeScope();
        var codes = new LookupFreeQuantizer(18).Codes(tensor(new[] { GoldenId }).reshape(1, 1, 1));

        Assert.Equal(new long[] { 1, 18, 1, 1 }, codes.shape);
        Assert.Equal(ScalarType.Float32, codes.dtype);
        Assert.Equal(GoldenCode, codes.data<float>().ToArray());
    }

    [Fact]
    public void Codes_OfIndices_EqualsQuantizeForImages()
    {
        using var scope = NewDisposeScope();
        var quantizer = new LookupFreeQuantizer(18);
        var z = randn(3, 18, 5, 7);

        TensorAssert.Equal(quantizer.Quantize(z), quantizer.Codes(quantizer.Indices(z)));
    }

    [Fact]
    public void Codes_VideoIndices_InsertChannelsAfterBatchAndRoundTrip()
    {
        using var scope = NewDisposeScope();
        var quantizer = new LookupFreeQuantizer(6);
        var z = randn([2, 6, 3, 4, 5]);   // (B, K, T, H, W)

        var ids = quantizer.Indices(z);
        var codes = quantizer.Codes(ids);

        Assert.Equal(new long[] { 2, 3, 4, 5 }, ids.shape);
        Assert.Equal(new long[] { 2, 6, 3, 4, 5 }, codes.shape);
        TensorAssert.Equal(quantizer.Quantize(z), codes);
    }

    [Fact]
    public void Codes_NegativeChannelDim_PutsBitsLastAndRoundTrips()
    {
        using var scope = NewDisposeScope();
        var quantizer = new LookupFreeQuantizer(4);
        var z = randn(2, 3, 3, 4);   // (B, H, W, K)

        var codes = quantizer.Codes(quantizer.Indices(z, channelDim: -1), channelDim: -1);

        Assert.Equal(new long[] { 2, 3, 3, 4 }, codes.shape);
        TensorAssert.Equal(quantizer.Quantize(z, channelDim: -1), codes);
        Assert.Equal(new[] { 1f, -1f, 1f, 1f }, quantizer.Codes(tensor(new[] { 13L }), channelDim: -1).data<float>().ToArray());
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(16L)]
    [InlineData(long.MaxValue)]
    public void Codes_IdOutsideCodebook_ThrowsNamingTheValue(long bad)
    {
        using var scope = NewDisposeScope();
        var ids = tensor(new[] { 0L, 15L, bad, 3L }).reshape(1, 2, 2);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LookupFreeQuantizer(4).Codes(ids));

        Assert.Equal("indices", e.ParamName);
        Assert.Equal(bad, e.ActualValue);
        Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codes_FloatIds_ThrowsArgumentException()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new LookupFreeQuantizer(4).Codes(tensor(new[] { 1f })));
    }
}
