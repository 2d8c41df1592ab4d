namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>One generator to benchmark: a model folder (or checkpoint), or random weights of a preset.</summary>
/// <param name="Path">Full path of the model folder or checkpoint; null for random weights.</param>
/// <param name="Preset">A <c>GeneratorCheckpoint.PresetNames</c> entry (masked presets carry the <c>masked-</c> prefix); used when Path is null.</param>
internal sealed record ModelChoice(string? Path, string Preset)
{
    /// <summary>The model as the report names it.</summary>
    public string Name => Path ?? $"random:{Preset}";

    /// <summary>
    /// The generator host's options for this model. An explicit empty ModelPath with a preset, so that no ModelPath
    /// from configuration (appsettings, environment) wins over the preset.
    /// </summary>
    public IReadOnlyList<string> HostOptions => Path is { } path ? [$"--Magvit:ModelPath={path}"] : ["--Magvit:ModelPath=", $"--Magvit:Preset={Preset}"];
}
