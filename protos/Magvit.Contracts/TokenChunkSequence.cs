using Magvit.Contracts.V1;

namespace Magvit.Contracts;

/// <summary>
/// Reads the token chunks of one stream in order under the token contract: sequence numbers from 0 without gaps,
/// latent frames from 0 without gaps or overlaps, no more than the header announces, every chunk's ids valid.
/// Violations are <see cref="ContractViolationException"/>s naming the chunk field at fault
/// (<c>sequence_number</c>, <c>first_latent_frame</c>, <c>latent_frame_count</c>, <c>tokens</c>).
/// </summary>
public sealed class TokenChunkSequence(TokenHeader header)
{
    private readonly TokenHeader header = header ?? throw new ArgumentNullException(nameof(header));

    /// <summary>Chunks accepted so far.</summary>
    public ulong Chunks { get; private set; }

    /// <summary>Latent frames accepted so far (the next chunk's first_latent_frame).</summary>
    public ulong LatentFrames { get; private set; }

    /// <summary>The ids of the next chunk of the stream.</summary>
    public uint[] Accept(TokenChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.SequenceNumber != Chunks)
        {
            throw new ContractViolationException("sequence_number", $"expected {Chunks}, got {chunk.SequenceNumber}");
        }

        if (chunk.FirstLatentFrame != LatentFrames)
        {
            throw new ContractViolationException("first_latent_frame", $"expected {LatentFrames} (no gaps or overlaps), got {chunk.FirstLatentFrame}");
        }

        if (header.Grid is { HasFrames: true } grid && LatentFrames + chunk.LatentFrameCount > grid.Frames)
        {
            throw new ContractViolationException("latent_frame_count", $"the chunks exceed the header's {grid.Frames} latent frames");
        }

        uint[] ids;
        try
        {
            ids = TokenChunkCodec.ReadIds(chunk, header);
        }
        catch (ArgumentException e)
        {
            throw new ContractViolationException("tokens", e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message, e);
        }

        Chunks++;
        LatentFrames += chunk.LatentFrameCount;
        return ids;
    }

    /// <summary>Checks the stream's end: at least one chunk, and as many latent frames as the header announced.</summary>
    public void Complete()
    {
        if (LatentFrames == 0)
        {
            throw new ContractViolationException("tokens", "the stream carried no token chunks");
        }

        if (header.Grid is { HasFrames: true } grid && LatentFrames != grid.Frames)
        {
            throw new ContractViolationException("tokens", $"the header announced {grid.Frames} latent frames; the stream carried {LatentFrames}");
        }
    }
}
