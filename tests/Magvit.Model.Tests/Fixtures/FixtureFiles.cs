namespace Magvit.Model.Tests.Fixtures;

/// <summary>Paths of the committed fixtures (copied beside the test assembly; see make_checkpoints.py).</summary>
internal static class FixtureFiles
{
    public static string PathOf(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Fixture '{name}' was not copied to the test output.", path);
    }
}
