using System.Diagnostics;
using Magvit.Model.Quantization;
using Magvit.Model.Runtime;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Quantization;

public sealed class LfqLossesTests
{
    private const double Tau = LfqLosses.DefaultTemperature;

    // With τ = 0.01 each bit's logit is 400·z, so this scale keeps the code distributions far from one-hot.
    private const double SoftScale = 0.004;

    public LfqLossesTests() => TorchRuntime.Initialize();

    public static TheoryData<int, long> BitsAndChunks => new() { { 1, 4 }, { 2, 30 }, { 3, 7 }, { 4, 4 }, { 5, 11 }, { 6, 1 } };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void PerSampleEntropy_SmallK_MatchesDenseSoftmax(int bits)
    {
        using var scope = NewDisposeScope();
        var z = randn([2, bits, 3, 5], ScalarType.Float64) * SoftScale;

        var actual = LfqLosses.PerSampleEntropy(z);

        TensorAssert.Close(DenseEntropy.SampleEntropy(Rows(z), Tau), actual, rtol: 1e-10, atol: 1e-12);
    }

    [Theory]
    [MemberData(nameof(BitsAndChunks))]
    public void BatchEntropy_ChunksNotDividingTokens_MatchesDenseSoftmax(int bits, long chunk)
    {
        using var scope = NewDisposeScope();
        var z = randn([2, bits, 3, 5], ScalarType.Float64) * SoftScale;   // 30 tokens

        var actual = LfqLosses.BatchEntropy(z, chunkTokens: chunk);

        TensorAssert.Close(DenseEntropy.BatchEntropy(Rows(z), Tau), actual, rtol: 1e-10, atol: 1e-12);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void AverageCodeProbabilities_SmallK_MatchesDenseMeanInIdOrder(int bits)
    {
        using var scope = NewDisposeScope();
        var rows = randn(23, bits, ScalarType.Float64) * SoftScale;

        var actual = CodeProbabilities.Average(rows * (4 / Tau), chunkTokens: 5);

        TensorAssert.Close(DenseEntropy.MeanProbabilities(rows, Tau), actual, rtol: 1e-10, atol: 1e-14);
    }

    [Fact]
    public void BatchEntropy_EighteenBitsFewTokens_MatchesDenseSoftmax()
    {
        using var scope = NewDisposeScope();
        var z = randn(6, 18, ScalarType.Float64) * SoftScale;

        var actual = LfqLosses.BatchEntropy(z, channelDim: -1, chunkTokens: 4);

        TensorAssert.Close(DenseEntropy.BatchEntropy(z, Tau), actual, rtol: 1e-9, atol: 1e-12);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void EntropyLossGradients_SmallK_MatchDenseAutograd(int bits)
    {
        using var scope = NewDisposeScope();
        var z = (randn(2, bits, 3, 3, ScalarType.Float64) * SoftScale).requires_grad_(true);
        var zDense = z.detach().clone().requires_grad_(true);

        (LfqLosses.PerSampleEntropy(z) - LfqLosses.BatchEntropy(z, chunkTokens: 4)).backward();
        (DenseEntropy.SampleEntropy(Rows(zDense), Tau) - DenseEntropy.BatchEntropy(Rows(zDense), Tau)).backward();

        Assert.True(z.grad!.abs().max().item<double>() > 1e-3, "The entropy loss must have a gradient.");
        TensorAssert.Close(zDense.grad!, z.grad!, rtol: 1e-8, atol: 1e-10);
    }

    [Fact]
    public void EntropyTerms_SaturatedAndZeroLatents_StayFiniteWithExactValues()
    {
        using var scope = NewDisposeScope();

        // Token rows: channel 2 is exactly 0 (a fair bit, entropy ln 2); ±100 are one-hot bits with logits ±40000.
        var z = tensor(new[] { 100f, -100f, 0f, -100f, 100f, 0f }).reshape(2, 3).requires_grad_(true);

        var sample = LfqLosses.PerSampleEntropy(z, channelDim: -1);
        var batch = LfqLosses.BatchEntropy(z, channelDim: -1);
        (sample - batch).backward();

        // p̄ puts 1/4 on each of four codes, so H_b = −4·¼·log(¼ + 1e-5).
        Assert.Equal(Math.Log(2), sample.item<float>(), 5);
        Assert.Equal(-Math.Log(0.25 + 1e-5), batch.item<float>(), 5);
        Assert.True(z.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void BatchEntropy_EighteenBits512OneHotTokens_EqualsIdHistogramEntropyInBoundedMemory()
    {
        using var scope = NewDisposeScope();
        var quantizer = new LookupFreeQuantizer(18);
        var ids = randint(300, [512]) * 811;   // repeats, spread over the whole codebook
        var z = quantizer.Codes(ids) * (rand(512, 1) + 0.1);   // |z| ≥ 0.1: each bit has logit ≥ 40, so p is one-hot
        var counts = ids.bincount(null).to_type(ScalarType.Float64);
        var frequencies = counts.masked_select(counts.gt(0)) / 512;
        var expected = -(frequencies * (frequencies + 1e-5).log()).sum().item<double>();

        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        var actual = LfqLosses.BatchEntropy(z, channelDim: -1, chunkTokens: 100).item<float>();
        process.Refresh();

        Assert.Equal(expected, actual, 4);

        // The dense (512 × 2^18) float32 probabilities alone would be 512 MiB.
        Assert.True(process.PeakWorkingSet64 - before < 256L << 20, $"Peak grew by {(process.PeakWorkingSet64 - before) >> 20} MiB.");
    }

    [Fact]
    public void Commitment_StraightThroughCode_IsMeanSquareWithGradientToZOnly()
    {
        using var scope = NewDisposeScope();
        var z = randn(2, 4, 3, 3).requires_grad_(true);
        var hard = z.detach().gt(0).to_type(ScalarType.Float32) * 2 - 1;

        var commitment = LfqLosses.Commitment(z, new LookupFreeQuantizer(4).Quantize(z));
        commitment.backward();

        // Had q not been detached, the straight-through q would cancel z's gradient to zero.
        TensorAssert.Close((z.detach() - hard).square().mean(), commitment, rtol: 1e-6, atol: 1e-7);
        TensorAssert.Close((z.detach() - hard) * (2.0 / z.numel()), z.grad!, rtol: 1e-5, atol: 1e-8);
    }

    [Fact]
    public void Compute_CustomWeights_CombinesPartsAsSvDoes()
    {
        using var scope = NewDisposeScope();
        var z = randn(2, 5, 4, 4) * 0.01;
        var q = new LookupFreeQuantizer(5).Quantize(z);
        var options = new LfqLossOptions { SampleMinimizationWeight = 0.5, BatchMaximizationWeight = 2.0, ChunkTokens = 7 };

        var parts = LfqLosses.Compute(z, q, options, enlargeFactor: 2.5);

        var sample = LfqLosses.PerSampleEntropy(z).item<float>();
        var batch = LfqLosses.BatchEntropy(z).item<float>();
        var commitment = LfqLosses.Commitment(z, q).item<float>();
        var entropy = (0.5 * sample) - (2.0 * batch);
        Assert.Equal(sample, parts.PerSampleEntropy.item<float>(), 5);
        Assert.Equal(batch, parts.BatchEntropy.item<float>(), 5);
        Assert.Equal(commitment, parts.Commitment.item<float>(), 6);
        Assert.Equal(entropy, parts.EntropyLoss.item<float>(), 5);
        Assert.Equal((0.1 * 2.5 * entropy) + (0.25 * commitment), parts.Total.item<float>(), 5);
    }

    [Theory]
    [InlineData(0L, 3.0, 2000L, 4.0)]
    [InlineData(1000L, 3.0, 2000L, 2.5)]
    [InlineData(2000L, 3.0, 2000L, 1.0)]
    [InlineData(50000L, 3.0, 2000L, 1.0)]
    [InlineData(0L, 0.0, 2000L, 1.0)]
    public void EnlargeFactor_Step_DecaysLinearlyToOne(long step, double ratio, long steps, double expected) =>
        Assert.Equal(expected, LfqLosses.EnlargeFactor(step, ratio, steps), 12);

    [Fact]
    public void Losses_InvalidArguments_Throw()
    {
        using var scope = NewDisposeScope();
        var z = randn(2, 4, 3, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => LfqLosses.BatchEntropy(z, chunkTokens: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LfqLosses.PerSampleEntropy(z, temperature: 0));
        Assert.Throws<ArgumentException>(() => LfqLosses.BatchEntropy(randn(1, 25)));
        Assert.Throws<ArgumentException>(() => LfqLosses.Commitment(z, randn(2, 4, 3, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LfqLosses.EnlargeFactor(0, 3.0, 0));
    }

    [Fact]
    public void PerSampleEntropy_BFloat16Input_IsComputedInFloat32()
    {
        using var scope = NewDisposeScope();
        var z = (randn(2, 6, 4, 4) * SoftScale).to_type(ScalarType.BFloat16);

        var actual = LfqLosses.PerSampleEntropy(z);

        Assert.Equal(ScalarType.Float32, actual.dtype);
        TensorAssert.Close(LfqLosses.PerSampleEntropy(z.to_type(ScalarType.Float32)), actual, rtol: 1e-6, atol: 1e-7);
    }

    // (B, K, …) → (tokens, K) in the same token order as the library.
    private static Tensor Rows(Tensor z) => z.movedim([1], [-1]).reshape(-1, z.shape[1]);
}
