namespace Magvit.Cli.Demo;

/// <summary>A model a service had loaded.</summary>
internal sealed record DemoModel(string ModelId, string WeightsSha256, bool Random, string Source);
