namespace Magvit.Polyglot.Tests;

/// <summary>The checkout the tests run from: the nearest folder above the test binary that holds MagvitGrpc.sln.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "MagvitGrpc.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds MagvitGrpc.sln.");
    }
}
