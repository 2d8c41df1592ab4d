using Google.Protobuf;
using Magvit.Contracts.V1;

namespace Magvit.Contracts;

/// <summary>
/// Builds and reads <see cref="TokenChunk"/> messages in either token encoding, so that services and clients handle
/// packed and uint32 tokens in one place. Validation failures throw <see cref="ArgumentException"/> (services answer
/// INVALID_ARGUMENT).
/// </summary>
public static class TokenChunkCodec
{
    /// <summary>
    /// A chunk of <paramref name="latentFrameCount"/> whole latent frames whose ids (raster order) are
    /// <paramref name="ids"/>. Packed bytes are wrapped without a copy.
    /// </summary>
    public static TokenChunk Create(
        ulong sequenceNumber, ulong firstLatentFrame, uint latentFrameCount, ReadOnlySpan<uint> ids, int bits, TokenEncoding encoding)
    {
        ArgumentOutOfRangeException.ThrowIfZero(latentFrameCount);
        if (ids.Length % latentFrameCount != 0)
        {
            throw new ArgumentException($"{ids.Length} ids do not make {latentFrameCount} whole latent frames.", nameof(ids));
        }

        var chunk = new TokenChunk
        {
            SequenceNumber = sequenceNumber,
            FirstLatentFrame = firstLatentFrame,
            LatentFrameCount = latentFrameCount,
        };
        switch (encoding)
        {
            case TokenEncoding.Unspecified:
            case TokenEncoding.Packed:
                chunk.PackedTokens = UnsafeByteOperations.UnsafeWrap(TokenPacking.Pack(ids, bits));
                break;
            case TokenEncoding.Uint32:
                TokenPacking.RequireIds(ids, bits);
                var list = new TokenIdList();
                list.Ids.Capacity = ids.Length;
                foreach (var id in ids)
                {
                    list.Ids.Add(id);
                }

                chunk.TokenIds = list;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown token encoding.");
        }

        return chunk;
    }

    /// <summary>Tokens in <paramref name="latentFrameCount"/> latent frames of <paramref name="grid"/>: frames·height·width.</summary>
    public static int TokenCount(LatentGrid grid, uint latentFrameCount)
    {
        var count = (long)latentFrameCount * grid.Height * grid.Width;
        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(latentFrameCount), latentFrameCount, $"{latentFrameCount} latent frames of {grid.Height}×{grid.Width} tokens are too many for one chunk.");
        }

        return (int)count;
    }

    /// <summary>
    /// The ids of <paramref name="chunk"/>, checked against the token contract: exactly
    /// latent_frame_count·height·width ids, each &lt; 2^K, packed length and pad bits exact.
    /// </summary>
    public static uint[] ReadIds(TokenChunk chunk, TokenHeader header)
    {
        if (chunk.LatentFrameCount == 0)
        {
            throw new ArgumentException("A token chunk carries at least one latent frame.", nameof(chunk));
        }

        var count = TokenCount(header.Grid ?? new LatentGrid(), chunk.LatentFrameCount);
        var bits = (int)Math.Min(header.CodebookBits, int.MaxValue);
        switch (chunk.TokensCase)
        {
            case TokenChunk.TokensOneofCase.PackedTokens:
                return TokenPacking.Unpack(chunk.PackedTokens.Span, bits, count);
            case TokenChunk.TokensOneofCase.TokenIds:
                var ids = chunk.TokenIds.Ids;
                if (ids.Count != count)
                {
                    throw new ArgumentException($"The chunk holds {ids.Count} ids; {chunk.LatentFrameCount} latent frames need {count}.", nameof(chunk));
                }

                var result = new uint[count];
                ids.CopyTo(result, 0);
                TokenPacking.RequireIds(result, bits);
                return result;
            default:
                throw new ArgumentException("The chunk carries no tokens (neither packed_tokens nor token_ids is set).", nameof(chunk));
        }
    }
}
