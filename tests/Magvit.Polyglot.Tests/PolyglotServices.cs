namespace Magvit.Polyglot.Tests;

/// <summary>The test classes that share one <see cref="PolyglotFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PolyglotServices : ICollectionFixture<PolyglotFixture>
{
    public const string Name = "Polyglot services";
}
