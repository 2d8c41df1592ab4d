using Magvit.Model.Tokenizer.Layers;

namespace Magvit.Runtime.Work;

/// <summary>
/// A stream's place on its worker. The causal state's tensors are created, used and disposed on the worker thread
/// only; the stream object on the caller's side just hands this slot along with its work items.
/// </summary>
internal sealed class StreamSlot
{
    /// <summary>Each causal conv's held frames (empty until the first unit runs, and for windowed streams).</summary>
    public StreamState State { get; } = new();

    /// <summary>Set on the worker when the stream ended: later items of the stream fail instead of running.</summary>
    public bool Released { get; set; }
}
