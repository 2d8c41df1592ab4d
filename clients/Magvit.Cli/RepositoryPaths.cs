namespace Magvit.Cli;

/// <summary>Finds files of the repository the CLI runs from (golden sets, bundled models).</summary>
internal static class RepositoryPaths
{
    /// <summary>The path below the nearest folder holding MagvitGrpc.sln — from the working directory, then the binary.</summary>
    public static string? Find(params string[] parts)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "MagvitGrpc.sln")))
                {
                    var path = Path.Combine([directory.FullName, .. parts]);
                    return Directory.Exists(path) || File.Exists(path) ? path : null;
                }
            }
        }

        return null;
    }
}
