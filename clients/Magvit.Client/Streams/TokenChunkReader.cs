using Magvit.Client.Wire;
using V1 = Magvit.Contracts.V1;

namespace Magvit.Client.Streams;

/// <summary>
/// Reads the token chunks of one call under the token contract, as the caller's latent frames: the first chunk must
/// start at the resume point, each later one where the previous ended, with consecutive sequence numbers (a resumed
/// call's numbers continue the uninterrupted stream's, so only their steps are checked).
/// </summary>
internal sealed class TokenChunkReader(V1.TokenHeader header, ulong startLatentFrame)
{
    private readonly Queue<TokenFrame> pending = new();
    private ulong nextLatentFrame = startLatentFrame;
    private ulong? nextSequence;

    /// <summary>Latent frames read but not yet taken.</summary>
    public int Pending => pending.Count;

    /// <summary>Accepts the next chunk; returns null when it is fine, else what is wrong with it.</summary>
    public string? Accept(V1.TokenChunk chunk)
    {
        if (chunk.FirstLatentFrame != nextLatentFrame)
        {
            return $"a token chunk starts at latent frame {chunk.FirstLatentFrame} where {nextLatentFrame} was due";
        }

        if (nextSequence is { } sequence && chunk.SequenceNumber != sequence)
        {
            return $"token chunk sequence number {chunk.SequenceNumber} arrived where {sequence} was due";
        }

        try
        {
            foreach (var frame in HeaderMapping.FromChunk(chunk, header))
            {
                pending.Enqueue(frame);
            }
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }

        nextSequence = chunk.SequenceNumber + 1;
        nextLatentFrame += chunk.LatentFrameCount;
        return null;
    }

    public TokenFrame Take() => pending.Dequeue();
}
