using Spectre.Console;

namespace Magvit.Cli.Progress;

/// <summary>
/// Progress bars on standard error (Spectre.Console) for long work: shown only when standard error is a terminal and
/// the output is not JSON, so redirected or scripted runs see nothing but their results.
/// </summary>
internal static class CliProgress
{
    /// <summary>Whether bars would be shown for a command writing errors to <paramref name="error"/>.</summary>
    public static bool Enabled(TextWriter error, bool json) => !json && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/>, giving it bars when <paramref name="enabled"/>, else silent steps.</summary>
    public static async Task<T> RunAsync<T>(bool enabled, Func<IProgressSink, Task<T>> work)
    {
        if (!enabled)
        {
            return await work(SilentSink.Instance).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new SpectreSink(context)))
            .ConfigureAwait(false);
    }

    private sealed class SpectreSink(ProgressContext context) : IProgressSink
    {
        public IProgressStep Step(string description, double total)
        {
            var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(total, 1));
            return new SpectreStep(task);
        }
    }

    private sealed class SpectreStep(ProgressTask task) : IProgressStep
    {
        public void Increment(double amount = 1) => task.Increment(amount);

        public void Complete()
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private sealed class SilentSink : IProgressSink, IProgressStep
    {
        public static readonly SilentSink Instance = new();

        public IProgressStep Step(string description, double total) => this;

        public void Increment(double amount = 1)
        {
        }

        public void Complete()
        {
        }
    }
}
