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

    /// <summary>Tensors this state owns (one per causal conv once a chunk has run); zero after <see cref="Dispose"/>.</summary>
    public int HeldTensors => pendingFrames.Count;

    /// <summary>
    /// Merges the states of streams at the same phase into one state over their batch rows concatenated in order, so
    /// one forward advances them all. A null entry is a stream starting now whose state is not kept (a one-off image).
    /// Either every state is fresh, or every state has run the same chunk lengths so far (each conv then holds the
    /// same number of frames). The decoder only distinguishes a clip's start (offset 0) from any later offset: with
    /// equal chunk lengths the AdaGN frame → latent map is the same for every positive offset. So the streams must
    /// agree on that, and the merged state takes the first one's offset.
    /// </summary>
    /// <exception cref="ArgumentException">The states are at different phases.</exception>
    public static StreamState Stack(IReadOnlyList<StreamState?> states)
    {
        ArgumentOutOfRangeException.ThrowIfZero(states.Count);
        var first = states[0]?.pendingFrames ?? [];
        var startsClip = (states[0]?.LatentOffset ?? 0) == 0;
        foreach (var state in states)
        {
            var pending = state?.pendingFrames ?? [];
            if (pending.Count != first.Count || pending.Keys.Any(owner => !first.ContainsKey(owner))
                || ((state?.LatentOffset ?? 0) == 0) != startsClip)
            {
                throw new ArgumentException("Only streams at the same phase (same chunks so far) can be stacked.", nameof(states));
            }
        }

        var merged = new StreamState { LatentOffset = states[0]?.LatentOffset ?? 0 };
        foreach (var owner in first.Keys)
        {
            // cat makes a fresh tensor: detach it rather than copying it again in SetPending.
            merged.pendingFrames[owner] = cat(states.Select(s => s!.pendingFrames[owner]).ToList(), 0).DetachFromDisposeScope();
        }

        return merged;
    }

    /// <summary>
    /// The inverse of <see cref="Stack"/> after a forward: gives each stream its rows of every held tensor,
    /// <paramref name="batchSizes"/>[i] rows to <paramref name="into"/>[i] (null: not kept), replacing what it held.
    /// Offsets are left alone: the caller advances them.
    /// </summary>
    public void Unstack(IReadOnlyList<StreamState?> into, IReadOnlyList<long> batchSizes)
    {
        if (into.Count != batchSizes.Count)
        {
            throw new ArgumentException($"{into.Count} states but {batchSizes.Count} batch sizes.", nameof(batchSizes));
        }

        foreach (var (owner, stacked) in pendingFrames)
        {
            var parts = stacked.split(batchSizes.ToArray(), 0);
            for (var i = 0; i < into.Count; i++)
            {
                into[i]?.SetPending(owner, parts[i]);
                parts[i].Dispose();
            }
        }
    }

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
