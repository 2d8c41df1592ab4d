namespace Magvit.Cli.Progress;

/// <summary>One step of a command's work; safe to call from any thread.</summary>
internal interface IProgressStep
{
    /// <summary>Some units are done.</summary>
    void Increment(double amount = 1);

    /// <summary>The step is done (the bar fills).</summary>
    void Complete();
}
