namespace Magvit.Client.Tests.Support;

/// <summary>The test classes that share one <see cref="ServicesFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SharedServices : ICollectionFixture<ServicesFixture>
{
    public const string Name = "Shared services";
}
