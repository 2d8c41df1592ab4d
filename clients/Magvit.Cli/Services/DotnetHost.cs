namespace Magvit.Cli.Services;

/// <summary>Finds the <c>dotnet</c> executable that runs this process and the service assemblies built next to it.</summary>
internal static class DotnetHost
{
    /// <summary>The dotnet muxer: this process when it is dotnet, else DOTNET_HOST_PATH, DOTNET_ROOT, the running runtime's root, PATH.</summary>
    public static string Muxer()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == name)
        {
            return self;
        }

        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);   // <root>/shared/Microsoft.NETCore.App/<version>
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? Path.Combine(root, name) : null,
            runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", name)),
            .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, name)),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new Commands.CommandException("cannot find the dotnet executable that runs the services (set DOTNET_ROOT).");
    }

    /// <summary>The service assembly <paramref name="name"/> (e.g. Magvit.Tokenizer) next to this program, with its runtimeconfig.json.</summary>
    public static string ServiceAssembly(string name)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (!File.Exists(dll) || !File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".runtimeconfig.json")))
        {
            throw new Commands.CommandException(
                $"the service assembly {name}.dll is not next to magvit in {AppContext.BaseDirectory}: build the CLI with its project (dotnet build clients/Magvit.Cli), which builds the three services into its output.");
        }

        return dll;
    }
}
