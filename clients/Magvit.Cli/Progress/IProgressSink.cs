namespace Magvit.Cli.Progress;

/// <summary>Where a command reports its steps (bars on a terminal, nothing otherwise).</summary>
internal interface IProgressSink
{
    /// <summary>A new step of <paramref name="total"/> units (frames, latent frames).</summary>
    IProgressStep Step(string description, double total);
}
