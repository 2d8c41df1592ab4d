using System.Diagnostics;
using Magvit.Model.Tokenizer;

namespace Magvit.Services.Tests;

/// <summary>
/// Model folders that are not what they should be, next to the tiny model's: a truncated weights file, or a weights
/// file that is a named pipe, so that loading blocks until the test feeds it (Linux).
/// </summary>
internal sealed class ModelFolder : IDisposable
{
    private readonly string weights;
    private bool fed;

    private ModelFolder(string path)
    {
        Path = path;
        weights = System.IO.Path.Combine(path, TokenizerCheckpoint.WeightsFile);
        File.Copy(System.IO.Path.Combine(TinyModel.Path, TokenizerCheckpoint.ConfigFile), System.IO.Path.Combine(path, TokenizerCheckpoint.ConfigFile));
    }

    public string Path { get; }

    private static string TinyWeights => System.IO.Path.Combine(TinyModel.Path, TokenizerCheckpoint.WeightsFile);

    /// <summary>A valid config.json and the first half of the tiny model's model.safetensors.</summary>
    public static ModelFolder Truncated()
    {
        var folder = new ModelFolder(Directory.CreateTempSubdirectory("magvit-truncated-model-").FullName);
        var bytes = File.ReadAllBytes(TinyWeights);
        File.WriteAllBytes(folder.weights, bytes[..(bytes.Length / 2)]);
        folder.fed = true;
        return folder;
    }

    /// <summary>A valid config.json and a named pipe in place of model.safetensors: whoever opens it waits for <see cref="FeedAsync"/>.</summary>
    public static ModelFolder Blocking()
    {
        var folder = new ModelFolder(Directory.CreateTempSubdirectory("magvit-blocking-model-").FullName);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [folder.weights]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return folder;
    }

    /// <summary>
    /// Lets the reader that waits on the pipe go on: once it has the pipe open, the pipe's path becomes a copy of the
    /// tiny model's weights (what later opens read), then the pipe delivers the same bytes and closes.
    /// </summary>
    public async Task FeedAsync()
    {
        var bytes = await File.ReadAllBytesAsync(TinyWeights).WaitAsync(ServiceHost.Timeout);

        // Opening a pipe for writing returns once a reader has it open.
        await using var pipe = await Task.Run(() => new FileStream(weights, FileMode.Open, FileAccess.Write)).WaitAsync(ServiceHost.Timeout);
        File.Delete(weights);
        File.Copy(TinyWeights, weights);
        fed = true;
        await pipe.WriteAsync(bytes).AsTask().WaitAsync(ServiceHost.Timeout);
    }

    public void Dispose()
    {
        if (!fed)
        {
            // Release a reader still blocked on the pipe (opening it for writing ends its wait; closing gives it EOF).
            _ = Task.Run(() => new FileStream(weights, FileMode.Open, FileAccess.Write).Dispose()).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A reader may still hold the pipe; the folder is in the temp directory.
        }
    }
}
