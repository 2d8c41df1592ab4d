using Magvit.Model.Quantization;
using Magvit.Model.Runtime;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Quantization;

public sealed class TokenFactorizationTests
{
    public TokenFactorizationTests() => TorchRuntime.Initialize();

    public static TheoryData<int[]> Layouts => new() { new[] { 9, 9 }, new[] { 6, 12 }, new[] { 4, 6 } };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void SplitThenJoin_RandomIdsAndExtremes_RoundTrips(int[] bits)
    {
        using var scope = NewDisposeScope();
        var factorization = new TokenFactorization(bits);
        var ids = cat([randint(factorization.CodebookSize, [2, 50]).flatten(), tensor(new[] { 0L, factorization.CodebookSize - 1 })])
            .reshape(2, 3, 17);

        var parts = factorization.Split(ids);

        Assert.Equal(bits.Length, parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            Assert.Equal(ids.shape, parts[i].shape);
            Assert.True(parts[i].ge(0).logical_and(parts[i].lt(factorization.PartCodebookSize(i))).all().item<bool>());
        }

        TensorAssert.Equal(ids, factorization.Join(parts));
    }

    [Theory]
    [InlineData(new[] { 6, 12 }, 129164L, 12L, 2018L)]   // golden token: bits 2,3 low; 2018 = 0b011111100010
    [InlineData(new[] { 9, 9 }, 129164L, 140L, 252L)]    // 129164 = 252·512 + 140
    [InlineData(new[] { 4, 6 }, 726L, 6L, 45L)]          // 726 = 45·16 + 6
    [InlineData(new[] { 6, 12 }, 262143L, 63L, 4095L)]
    public void Split_HandComputedId_TakesLowBitsFirst(int[] bits, long id, long pre, long post)
    {
        using var scope = NewDisposeScope();
        var factorization = new TokenFactorization(bits);

        var parts = factorization.Split(tensor(new[] { id }));

        Assert.Equal(new[] { pre, post }, parts.Select(p => p.item<long>()).ToArray());
        Assert.Equal(new[] { pre, post }, factorization.SplitOne(id));
        Assert.Equal(id, factorization.JoinOne(pre, post));
    }

    [Fact]
    public void Split_SixTwelve_MatchesBitsOfQuantizerCodes()
    {
        using var scope = NewDisposeScope();
        var quantizer = new LookupFreeQuantizer(18);
        var z = randn(4, 18, 3, 3);

        var parts = new TokenFactorization([6, 12]).Split(quantizer.Indices(z));

        // SV's pre/post tokens are the ids of channels 0–5 and 6–17 quantized on their own.
        TensorAssert.Equal(new LookupFreeQuantizer(6).Indices(z.narrow(1, 0, 6)), parts[0]);
        TensorAssert.Equal(new LookupFreeQuantizer(12).Indices(z.narrow(1, 6, 12)), parts[1]);
    }

    [Fact]
    public void Split_IdOutsideCodebook_ThrowsNamingTheValue()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TokenFactorization([4, 6]).Split(tensor(new[] { 5L, 1024L })));

        Assert.Equal(1024L, e.ActualValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenFactorization([4, 6]).SplitOne(-1));
    }

    [Fact]
    public void Join_PartOutsideItsRange_Throws()
    {
        using var scope = NewDisposeScope();
        var factorization = new TokenFactorization([4, 6]);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => factorization.Join([tensor(new[] { 16L }), tensor(new[] { 0L })]));

        Assert.Equal("parts[0]", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => factorization.JoinOne(0, 64));
    }

    [Fact]
    public void Join_WrongPartCountOrShapes_ThrowsArgumentException()
    {
        using var scope = NewDisposeScope();
        var factorization = new TokenFactorization([4, 6]);

        Assert.Throws<ArgumentException>(() => factorization.Join([tensor(new[] { 1L })]));
        Assert.Throws<ArgumentException>(() => factorization.Join([tensor(new[] { 1L }), tensor(new[] { 1L, 2L })]));
        Assert.Throws<ArgumentException>(() => factorization.JoinOne(1, 2, 3));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 9, 0 })]
    [InlineData(new[] { 16, 16 })]
    public void Ctor_EmptyZeroOrOver31Bits_ThrowsArgumentException(int[] bits) =>
        Assert.Throws<ArgumentException>(() => new TokenFactorization(bits));

    [Fact]
    public void Ctor_SixTwelve_ReportsSizes()
    {
        var factorization = new TokenFactorization([6, 12]);

        Assert.Equal(18, factorization.TotalBits);
        Assert.Equal(262144L, factorization.CodebookSize);
        Assert.Equal(64L, factorization.PartCodebookSize(0));
        Assert.Equal(4096L, factorization.PartCodebookSize(1));
        Assert.Equal(new[] { 6, 12 }, factorization.Bits);
    }
}
