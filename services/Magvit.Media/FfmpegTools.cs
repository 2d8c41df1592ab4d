using System.Diagnostics;
using System.Text;

namespace Magvit.Media;

/// <summary>
/// Finds ffmpeg and ffprobe on PATH and runs them as child processes: arguments passed as a list (no shell), stdout
/// captured as bytes, stderr kept for the error message. Missing tools raise <see cref="MediaToolMissingException"/>.
/// </summary>
public static class FfmpegTools
{
    /// <summary>ffmpeg's executable name.</summary>
    public const string Ffmpeg = "ffmpeg";

    /// <summary>ffprobe's executable name.</summary>
    public const string Ffprobe = "ffprobe";

    /// <summary>Whether both ffmpeg and ffprobe are on PATH.</summary>
    public static bool IsAvailable => Locate(Ffmpeg) is not null && Locate(Ffprobe) is not null;

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? Locate(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The full path of <paramref name="tool"/>, or a <see cref="MediaToolMissingException"/>.</summary>
    public static string Require(string tool) => Locate(tool) ?? throw new MediaToolMissingException(MediaToolMissingException.Describe(tool));

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="arguments"/> and returns its stdout; a non-zero exit raises a
    /// <see cref="MediaException"/> that names <paramref name="subject"/> and quotes the end of stderr. With
    /// <paramref name="standardInput"/>, those bytes are written to the tool's stdin (then closed) while its output is read.
    /// </summary>
    public static byte[] Run(string tool, IEnumerable<string> arguments, string subject, ReadOnlyMemory<byte>? standardInput = null)
    {
        var start = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new MediaException($"Could not start {tool}.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        // stdin is written on its own thread: a tool that fills its stdout pipe before reading all input would
        // otherwise wait for us while we wait for it.
        var writer = standardInput is { } input ? Task.Run(() => Feed(process, input)) : Task.CompletedTask;
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        writer.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            string tail;
            lock (stderr)
            {
                tail = stderr.ToString().Trim();
            }

            tail = tail.Length > 600 ? "…" + tail[^600..] : tail;
            throw new MediaException($"{tool} failed on '{subject}' (exit {process.ExitCode}): {tail}");
        }

        return output.ToArray();
    }

    private static void Feed(Process process, ReadOnlyMemory<byte> input)
    {
        try
        {
            process.StandardInput.BaseStream.Write(input.Span);
        }
        catch (IOException)
        {
            // The tool exited early (bad arguments, unwritable output): its exit code and stderr say why.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Closing a pipe whose reader is gone: nothing left to tell it.
            }
        }
    }
}
