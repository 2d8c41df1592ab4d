namespace Magvit.Training.Trainer;

/// <summary>
/// The files of a run: <c>run.json</c> (the resolved plan), <c>checkpoint/</c> (<c>raw/</c> and <c>ema/</c> model
/// folders in TokenizerCheckpoint format, optimiser and discriminator states, <c>state.json</c>), <c>samples/</c>
/// (PNG strips, input above reconstruction), <c>metrics.jsonl</c> (one validation per line) and <c>model/</c> (the
/// final EMA model). A checkpoint is written beside and swapped in, so an interruption leaves the previous one whole.
/// </summary>
public sealed class RunFolder
{
    /// <summary>The folder at <paramref name="path"/> (created on first write).</summary>
    public RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>Absolute path of the run.</summary>
    public string Path { get; }

    /// <summary>The resolved plan.</summary>
    public string PlanFile => Combine("run.json");

    /// <summary>The latest checkpoint.</summary>
    public string Checkpoint => Combine("checkpoint");

    /// <summary>Sample strips.</summary>
    public string Samples => Combine("samples");

    /// <summary>Validation log.</summary>
    public string MetricsFile => Combine("metrics.jsonl");

    /// <summary>The exported EMA model.</summary>
    public string Model => Combine("model");

    /// <summary>Whether a complete checkpoint exists (or a previous one kept by an interrupted swap).</summary>
    public bool HasCheckpoint => File.Exists(System.IO.Path.Combine(CheckpointToRead, StateFileName));

    /// <summary>The checkpoint to resume from.</summary>
    public string CheckpointToRead => File.Exists(System.IO.Path.Combine(Checkpoint, StateFileName)) ? Checkpoint : Previous;

    /// <summary>File names inside a checkpoint.</summary>
    public const string StateFileName = "state.json";

    /// <summary>Raw weights folder inside a checkpoint.</summary>
    public const string RawFolder = "raw";

    /// <summary>EMA weights folder inside a checkpoint.</summary>
    public const string EmaFolder = "ema";

    /// <summary>Generator optimiser state inside a checkpoint.</summary>
    public const string OptimizerFile = "optimizer.safetensors";

    /// <summary>Discriminator weights inside a checkpoint.</summary>
    public const string DiscriminatorFile = "discriminator.safetensors";

    /// <summary>Discriminator optimiser state inside a checkpoint.</summary>
    public const string DiscriminatorOptimizerFile = "discriminator-optimizer.safetensors";

    private string Previous => Combine("checkpoint.previous");

    private string Staging => Combine("checkpoint.partial");

    /// <summary>An empty staging folder to write the next checkpoint into.</summary>
    public string BeginCheckpoint()
    {
        if (Directory.Exists(Staging))
        {
            Directory.Delete(Staging, recursive: true);
        }

        Directory.CreateDirectory(Staging);
        return Staging;
    }

    /// <summary>Makes the staged checkpoint the current one, keeping the old one until the swap is done.</summary>
    public void CommitCheckpoint()
    {
        if (Directory.Exists(Previous))
        {
            Directory.Delete(Previous, recursive: true);
        }

        if (Directory.Exists(Checkpoint))
        {
            Directory.Move(Checkpoint, Previous);
        }

        Directory.Move(Staging, Checkpoint);
        if (Directory.Exists(Previous))
        {
            Directory.Delete(Previous, recursive: true);
        }
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
