namespace Magvit.Cli.Services;

/// <summary>Which weights a service loads: a model folder (or checkpoint), or random weights of a preset.</summary>
/// <param name="Path">Model folder or checkpoint; null for random weights.</param>
/// <param name="Preset">The preset whose random weights load when <paramref name="Path"/> is null.</param>
internal sealed record ModelSource(string? Path, string? Preset)
{
    /// <summary>Random weights: the outputs mean nothing.</summary>
    public bool IsRandom => Path is null;

    /// <summary>The host options that load it (<c>--Magvit:ModelPath=…</c> or <c>--Magvit:Preset=…</c>).</summary>
    public string HostArgument => Path is { } path ? $"--Magvit:ModelPath={path}" : $"--Magvit:Preset={Preset}";

    /// <summary>For people.</summary>
    public override string ToString() => Path ?? $"random weights of {Preset}";

    /// <summary>A folder or checkpoint that must exist.</summary>
    public static ModelSource FromPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full) && !File.Exists(full))
        {
            throw new Commands.CommandException(Commands.CliExitCodes.Usage, $"no model at {path} (a model folder or checkpoint).");
        }

        return new ModelSource(full, null);
    }

    /// <summary>Random weights of <paramref name="preset"/>.</summary>
    public static ModelSource FromPreset(string preset) => new(null, preset);
}
