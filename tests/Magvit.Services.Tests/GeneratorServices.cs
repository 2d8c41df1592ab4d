namespace Magvit.Services.Tests;

/// <summary>The test classes that share one <see cref="GeneratorFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class GeneratorServices : ICollectionFixture<GeneratorFixture>
{
    public const string Name = "Generator services";
}
