namespace Magvit.Cli.Demo;

/// <summary>metrics.json of a demo run (snake_case through <see cref="CliJson"/>).</summary>
internal sealed record DemoMetrics(
    DemoInput Input,
    IReadOnlyDictionary<string, DemoModel> Models,
    bool Untrained,
    IReadOnlyDictionary<string, string> Services,
    DemoReconstruction Reconstruction,
    DemoContinuation Continuation,
    IReadOnlyDictionary<string, double> TimingsMs,
    IReadOnlyList<string> Files);
