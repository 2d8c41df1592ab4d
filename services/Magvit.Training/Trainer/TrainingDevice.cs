using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>Device selection by option, and what mixed precision means on it.</summary>
public static class TrainingDevice
{
    /// <summary>
    /// The device named <paramref name="name"/> ("cpu", "cuda", "cuda:N"), and a note on precision: on CPU always fp32
    /// (mixed precision off); on CUDA with <paramref name="mixedPrecision"/>, TF32 tensor-core convolutions and matmuls
    /// (TorchSharp 0.107 has no autocast, so activations stay fp32).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name, or CUDA where this build or machine has none.</exception>
    public static (Device Device, string Precision) Resolve(string name, bool mixedPrecision)
    {
        var normalized = name.Trim().ToLowerInvariant();
        if (normalized == "cpu")
        {
            return (CPU, "fp32; mixed precision off (CPU)");
        }

        if (normalized != "cuda" && !normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unknown device '{name}': use cpu, cuda or cuda:N.");
        }

        if (!cuda.is_available())
        {
            throw new ArgumentException(
                $"Device '{name}' was asked for, but CUDA is not available: this build links the CPU libtorch (build with "
                + "-p:MagvitTorchBackend=cuda for the CUDA one) or no GPU is visible.");
        }

        backends.cuda.matmul.allow_tf32 = mixedPrecision;
        backends.cudnn.allow_tf32 = mixedPrecision;
        return (new Device(normalized), mixedPrecision ? "TF32 convolutions and matmuls (CUDA); no autocast in TorchSharp 0.107" : "fp32 (CUDA)");
    }
}
