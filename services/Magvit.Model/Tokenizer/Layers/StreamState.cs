using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tokenizer.Layers;

/// <summary>
/// What a streaming session carries between chunks: each causal conv's unconsumed input frames, and the index of the
/// first latent frame of the chunk being decoded. A null state means "the whole clip at once".
/// </summary>
public sealed class StreamState : IDisposable
{
    private readonly Dictionary<object, Tensor> pendingFrames = new(ReferenceEqualityComparer.Instance);

    /// <summary>Global index of the first latent frame in the chunk now being decoded.</summary>
    public long LatentOffset { get; set; }

    /// <summary>Frames each conv holds back: only O(receptive field) per layer, whatever the stream length.</summary>
    public long HeldFrames => pendingFrames.Values.Sum(t => t.shape[1]);

    internal Tensor? Pending(object owner) => pendingFrames.GetValueOrDefault(owner);

    internal void SetPending(object owner, Tensor frames)
    {
        // Held tensors outlive the per-chunk dispose scope.
        // A copy, so the chunk the frames were sliced from can be freed.
        var kept = frames.clone().DetachFromDisposeScope();
        if (pendingFrames.Remove(owner, out var old))
        {
            old.Dispose();
        }

        pendingFrames[owner] = kept;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in pendingFrames.Values)
        {
            t.Dispose();
        }

        pendingFrames.Clear();
    }
}
