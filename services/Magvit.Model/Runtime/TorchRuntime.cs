using System.Runtime.InteropServices;
using TorchSharp;

namespace Magvit.Model.Runtime;

/// <summary>
/// One place that brings libtorch up: loads the native backend with an actionable error, keeps freed tensor memory
/// for reuse (<see cref="NativeHeap"/>), and sets the intra-op thread count. Call before any tensor work.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool initialized;

    /// <summary>Whether freed tensor memory is kept for reuse (glibc only; see <see cref="NativeHeap"/>).</summary>
    public static bool ReusesFreedMemory { get; private set; }

    /// <summary>Loads libtorch (idempotent). <paramref name="threads"/> ≤ 0 keeps libtorch's default.</summary>
    public static void Initialize(int threads = 0)
    {
        lock (Gate)
        {
            if (!initialized)
            {
                ReusesFreedMemory = NativeHeap.KeepFreedMemory();
                try
                {
                    torch.InitializeDeviceType(DeviceType.CPU);
                }
                catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
                {
                    throw new InvalidOperationException(
                        "libtorch could not be loaded. On glibc systems whose libstdc++ predates GCC 13 the build marks "
                        + "one version need of libLibTorchSharp.so weak (build/TorchSharpNative.targets); rebuild the "
                        + $"project rather than copying binaries built elsewhere. Runtime: {RuntimeInformation.RuntimeIdentifier}.",
                        e);
                }

                initialized = true;
            }

            if (threads > 0)
            {
                torch.set_num_threads(threads);
            }
        }
    }
}
