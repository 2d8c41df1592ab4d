using Magvit.Model.Generation;
using Magvit.Model.Generation.Masked;

namespace Magvit.Model.Tests.Generation.Masked;

public sealed class MaskedGeneratorValidationTests
{
    public static TheoryData<string, GenerationRequest> BadRequests => new()
    {
        { "Grid", MaskedGeneratorTests.Request(new TokenGrid(1, 4, 5)) },
        { "Grid", MaskedGeneratorTests.Request(new TokenGrid(4, 4, 4)) },
        { "Grid", MaskedGeneratorTests.Request(new TokenGrid(0, 4, 4)) },
        { "ClassId", MaskedGeneratorTests.Request(new TokenGrid(1, 4, 4), classId: 4) },
        { "ClassId", MaskedGeneratorTests.Request(new TokenGrid(1, 4, 4), classId: -1) },
        { "PromptTokens", MaskedGeneratorTests.Request(new TokenGrid(2, 4, 4), prompt: new long[10]) },
        { "PromptTokens", MaskedGeneratorTests.Request(new TokenGrid(2, 4, 4), prompt: new long[32]) },
        { "PromptTokens", MaskedGeneratorTests.Request(new TokenGrid(2, 4, 4), prompt: [.. Enumerable.Repeat(64L, 16)]) },
        { "PromptTokens", MaskedGeneratorTests.Request(new TokenGrid(2, 4, 4), prompt: [.. Enumerable.Repeat(-1L, 16)]) },
        { "Sampling", MaskedGeneratorTests.Request(new TokenGrid(1, 4, 4), steps: 0) },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Generate_OutsideTheModelsLimits_ThrowsNamingTheField(string field, GenerationRequest request)
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());
        var reported = 0;

        var error = Assert.ThrowsAny<ArgumentException>(() => generator.Generate(request, _ => reported++, CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Equal(0, reported);
    }

    [Fact]
    public void Generate_UnconditionalModelWithAClass_ThrowsNamingClassId()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model(config: MaskedTestSupport.TinyConfig with { ClassCount = 0 }));

        var error = Assert.Throws<ArgumentException>(
            () => generator.Generate(MaskedGeneratorTests.Request(new TokenGrid(1, 4, 4), classId: 0), _ => { }, CancellationToken.None));

        Assert.Equal("ClassId", error.ParamName);
    }

    [Theory]
    [InlineData(15, 0L, "tokens")]
    [InlineData(16, 64L, "tokens")]
    public void Score_BadTokens_ThrowsNamingTokens(int count, long id, string field)
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());

        var error = Assert.Throws<ArgumentException>(
            () => generator.Score(new TokenGrid(1, 4, 4), null, [.. Enumerable.Repeat(id, count)], CancellationToken.None));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Score_ClassOutOfRange_ThrowsNamingClassId()
    {
        using var generator = new MaskedGenerator(MaskedTestSupport.Model());

        var error = Assert.Throws<ArgumentException>(
            () => generator.Score(new TokenGrid(1, 4, 4), 7, new long[16], CancellationToken.None));

        Assert.Equal("classId", error.ParamName);
    }
}
