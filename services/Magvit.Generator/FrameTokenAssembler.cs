using Magvit.Model.Generation;

namespace Magvit.Generator;

/// <summary>
/// Collects generated runs of tokens (rows or frames, in raster order) into whole latent frames: the token contract
/// sends whole frames, while an autoregressive model reports a row at a time.
/// </summary>
internal sealed class FrameTokenAssembler(int tokensPerFrame, int firstFrame)
{
    private readonly uint[] frame = new uint[tokensPerFrame];
    private int filled;

    /// <summary>The next latent frame to complete.</summary>
    public int NextFrame { get; private set; } = firstFrame;

    /// <summary>Adds a run; returns the frames it completed (latent frame index, ids), in order.</summary>
    public IEnumerable<(int Frame, uint[] Ids)> Add(GeneratedTokens run)
    {
        var expected = ((long)NextFrame * tokensPerFrame) + filled;
        if (run.FirstIndex != expected)
        {
            throw new InvalidOperationException($"The model reported tokens from {run.FirstIndex}; {expected} was next.");
        }

        var completed = new List<(int, uint[])>();
        foreach (var id in run.Ids)
        {
            frame[filled++] = checked((uint)id);
            if (filled == tokensPerFrame)
            {
                completed.Add((NextFrame++, (uint[])frame.Clone()));
                filled = 0;
            }
        }

        return completed;
    }
}
