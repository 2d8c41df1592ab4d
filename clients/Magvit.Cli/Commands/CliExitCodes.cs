namespace Magvit.Cli.Commands;

/// <summary>Exit codes of the media commands (tokenize, detokenize, reconstruct, generate, serve, demo).</summary>
internal static class CliExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>It could not be done: a service unreachable or failing, ffmpeg missing, an unreadable media or token file.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown option, a missing input, an output type that cannot be written.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C): whatever was started has been stopped.</summary>
    public const int Interrupted = 130;
}
