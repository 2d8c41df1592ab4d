using System.CommandLine;

namespace Magvit.Cli.Commands;

/// <summary><c>magvit train</c>: model training.</summary>
internal static class TrainCommand
{
    public static Command Create() => new("train", "Trains models on the project's data recipe.")
    {
        TrainTokenizerCommand.Create(),
    };
}
