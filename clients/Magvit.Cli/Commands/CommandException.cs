namespace Magvit.Cli.Commands;

/// <summary>A command cannot go on: <see cref="Exception.Message"/> tells the person what to do, <see cref="ExitCode"/> is returned.</summary>
internal sealed class CommandException : Exception
{
    public CommandException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    public CommandException()
        : this(CliExitCodes.Failure, "The command failed.")
    {
    }

    public CommandException(string message)
        : this(CliExitCodes.Failure, message)
    {
    }

    public CommandException(string message, Exception innerException)
        : this(CliExitCodes.Failure, message, innerException)
    {
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>A usage error (exit 2).</summary>
    public static CommandException Usage(string message) => new(CliExitCodes.Usage, message);
}
