using Magvit.Model.Generation;
using Magvit.Model.Generation.Transformer;
using Magvit.Model.IO;
using Magvit.Model.Runtime;
using static TorchSharp.torch;

namespace Magvit.Model.Tests.Generation.Transformer;

public sealed class RotaryEmbeddingTests
{
    public RotaryEmbeddingTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Table_ClassRow_IsAllZero(int frames)
    {
        using var scope = NewDisposeScope();
        using var rotary = new RotaryEmbedding(16, frames, 3, 4, 10000);

        Assert.Equal(new long[] { 1 + (frames * 12), 8, 2 }, rotary.Table.shape);
        Assert.True(rotary.Table[0].eq(0).all().item<bool>());
        Assert.False(rotary.Table[1].eq(0).all().item<bool>()); // token 0 is the identity rotation: cos = 1
    }

    [Fact]
    public void Table_OneFrame_IsOpenMagvit2sTable()
    {
        using var scope = NewDisposeScope();
        using var rotary = new RotaryEmbedding(16, 1, 4, 4, 10000);
        var golden = NpyArray.Read(TestSupport.RepoPath("tests", "golden", "open_magvit2_ar", "freqs_cis.npy"));

        Assert.Equal(golden.shape, rotary.Table.shape);
        Assert.True((rotary.Table - golden).abs().max().item<float>() <= 1e-6f);
    }

    [Fact]
    public void PairGroups_OneFrame_SplitsRowAndColumn_MoreFrames_AddTimeFirst()
    {
        Assert.Equal(new[] { 0, 4, 4 }, RotaryEmbedding.PairGroups(16, 1));
        Assert.Equal(new[] { 2, 3, 3 }, RotaryEmbedding.PairGroups(16, 3));
        Assert.Equal(new[] { 8, 12, 12 }, RotaryEmbedding.PairGroups(64, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RotaryEmbedding.PairGroups(18, 1));
    }

    [Fact]
    public void Table_Video_RotatesEachGroupByItsOwnCoordinate()
    {
        using var scope = NewDisposeScope();
        using var rotary = new RotaryEmbedding(16, 3, 3, 4, 100);
        var (t, r, c) = (2, 1, 3);
        var row = rotary.Table[1 + (t * 12) + (r * 4) + c];                   // (8, 2)
        var expected = new List<double>();
        foreach (var (size, coordinate) in new[] { (2, t), (3, r), (3, c) })   // time, row, column
        {
            for (var j = 0; j < size; j++)
            {
                expected.Add(coordinate * Math.Pow(100, -(double)j / size));
            }
        }

        var cos = row.select(-1, 0).to_type(ScalarType.Float64).data<double>().ToArray();
        var sin = row.select(-1, 1).to_type(ScalarType.Float64).data<double>().ToArray();
        for (var pair = 0; pair < 8; pair++)
        {
            Assert.Equal(Math.Cos(expected[pair]), cos[pair], 1e-5);
            Assert.Equal(Math.Sin(expected[pair]), sin[pair], 1e-5);
        }
    }

    [Fact]
    public void Rows_FewerFramesOfTheFullSize_AreATablePrefix()
    {
        using var scope = NewDisposeScope();
        using var rotary = new RotaryEmbedding(16, 3, 3, 4, 10000);

        var rows = rotary.Rows(new TokenGrid(2, 3, 4), CPU);

        Assert.True(rows.equal(rotary.Table.narrow(0, 0, 25)).all().item<bool>());
    }

    [Fact]
    public void Rows_SmallerGrid_GivesEachTokenItsOwnPosition()
    {
        using var scope = NewDisposeScope();
        using var rotary = new RotaryEmbedding(16, 1, 4, 4, 10000);

        var rows = rotary.Rows(new TokenGrid(1, 2, 3), CPU);                    // tokens (r, c) in raster order

        Assert.Equal(new long[] { 7, 8, 2 }, rows.shape);
        Assert.True(rows[0].eq(0).all().item<bool>());
        Assert.True(rows[1 + 5].equal(rotary.Table[1 + 6]).all().item<bool>()); // token (1, 2) of a 3-wide grid
        Assert.Throws<ArgumentException>(() => rotary.Rows(new TokenGrid(1, 5, 4), CPU));
    }

    [Fact]
    public void Apply_RotatesInterleavedPairs_ZeroRowZeroes()
    {
        using var scope = NewDisposeScope();
        var x = randn(1, 2, 1, 4, generator: new Generator(3));                 // (B, L, H, Dh): two pairs per head
        var angle = 0.7;
        var freqs = stack([zeros(2, 2), stack([full(2, Math.Cos(angle)), full(2, Math.Sin(angle))], -1)]); // (L = 2, P = 2, 2)

        var rotated = RotaryEmbedding.Apply(x, freqs);

        Assert.True(rotated[0, 0].eq(0).all().item<bool>());
        var (a, b) = (x[0, 1, 0, 2].item<float>(), x[0, 1, 0, 3].item<float>());
        Assert.Equal((a * Math.Cos(angle)) - (b * Math.Sin(angle)), rotated[0, 1, 0, 2].item<float>(), 1e-5);
        Assert.Equal((b * Math.Cos(angle)) + (a * Math.Sin(angle)), rotated[0, 1, 0, 3].item<float>(), 1e-5);
    }
}
