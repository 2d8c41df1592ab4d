using Magvit.Contracts;
using V1 = Magvit.Contracts.V1;

namespace Magvit.Client.Wire;

/// <summary>Maps the facade's records to the contract's messages and back: the one place proto types meet the public API.</summary>
internal static class HeaderMapping
{
    public static V1.TokenHeader ToWire(TokenStreamHeader header)
    {
        var grid = new V1.LatentGrid { Height = (uint)header.GridHeight, Width = (uint)header.GridWidth };
        if (header.LatentFrames is { } frames)
        {
            grid.Frames = (ulong)frames;
        }

        return new V1.TokenHeader
        {
            CodebookBits = (uint)header.CodebookBits,
            Grid = grid,
            RasterOrder = V1.RasterOrder.TimeRowColumn,
            BitOrder = V1.TokenBitOrder.LsbFirst,
            Model = header.Model is { } model ? ToWire(model) : null,
            Geometry = header.Geometry is { } geometry ? ToWire(geometry) : null,
        };
    }

    public static TokenStreamHeader FromWire(V1.TokenHeader header)
    {
        var grid = header.Grid ?? new V1.LatentGrid();
        return new TokenStreamHeader((int)header.CodebookBits, (int)grid.Height, (int)grid.Width)
        {
            LatentFrames = grid.HasFrames ? checked((long)grid.Frames) : null,
            Model = header.Model is { } model ? FromWire(model) : null,
            Geometry = FromWireOrNull(header.Geometry),
        };
    }

    public static V1.ModelIdentity ToWire(ModelIdentity identity) => new() { ModelId = identity.ModelId, WeightsSha256 = identity.WeightsSha256 };

    public static ModelIdentity FromWire(V1.ModelIdentity identity) => new(identity.ModelId, identity.WeightsSha256);

    public static V1.TokenizerGeometry ToWire(TokenGeometry geometry) => new()
    {
        SpatialFactor = (uint)geometry.SpatialFactor,
        TemporalFactor = (uint)geometry.TemporalFactor,
        FrameRule = (V1.FrameRule)(int)geometry.Rule,
        WindowFrames = (uint)geometry.WindowFrames,
    };

    /// <summary>The geometry, or null when the message is absent or names no frame rule.</summary>
    public static TokenGeometry? FromWireOrNull(V1.TokenizerGeometry? geometry)
        => geometry is null || geometry.FrameRule == V1.FrameRule.Unspecified
            ? null
            : new TokenGeometry((int)geometry.SpatialFactor, (int)geometry.TemporalFactor, (TemporalRule)(int)geometry.FrameRule, (int)geometry.WindowFrames);

    public static ModelDescription FromWire(V1.ModelInfo info) => new(
        FromWire(info.Identity ?? new V1.ModelIdentity()),
        (int)info.CodebookBits,
        FromWireOrNull(info.Geometry) ?? new TokenGeometry(0, 0, TemporalRule.Unspecified, 0),
        (int)info.MaxWidth,
        (int)info.MaxHeight);

    public static V1.FrameHeader ToWire(VideoFormat format)
    {
        var header = new V1.FrameHeader { Width = (uint)format.Width, Height = (uint)format.Height, PixelFormat = V1.PixelFormat.Rgb24 };
        if (format.FrameCount is { } count)
        {
            header.FrameCount = (ulong)count;
        }

        if (format.FrameRate is { } rate)
        {
            header.FrameRate = new V1.FrameRate { Numerator = rate.Numerator, Denominator = rate.Denominator };
        }

        return header;
    }

    public static VideoFormat FromWire(V1.FrameHeader header) => new((int)header.Width, (int)header.Height)
    {
        FrameCount = header.HasFrameCount ? checked((long)header.FrameCount) : null,
        FrameRate = header.FrameRate is { } rate ? new FrameRate(rate.Numerator, rate.Denominator) : null,
    };

    /// <summary>One chunk per latent frame, packed: the smallest encoding on the wire.</summary>
    public static V1.TokenChunk ToChunk(ulong sequenceNumber, TokenFrame frame, int bits)
        => TokenChunkCodec.Create(sequenceNumber, (ulong)frame.LatentFrame, 1, frame.Ids, bits, V1.TokenEncoding.Packed);

    /// <summary>The latent frames of <paramref name="chunk"/>, checked against the token contract.</summary>
    public static IEnumerable<TokenFrame> FromChunk(V1.TokenChunk chunk, V1.TokenHeader header)
    {
        var ids = TokenChunkCodec.ReadIds(chunk, header);
        var perFrame = ids.Length / (int)chunk.LatentFrameCount;
        for (var f = 0; f < chunk.LatentFrameCount; f++)
        {
            yield return new TokenFrame(checked((long)chunk.FirstLatentFrame + f), ids.AsSpan(f * perFrame, perFrame).ToArray());
        }
    }

    public static StreamReport FromWire(V1.StreamSummary summary) => new(
        (long)summary.Frames,
        (long)summary.UnusedFrames,
        (long)summary.LatentFrames,
        (long)summary.Tokens,
        summary.Elapsed?.ToTimeSpan() ?? TimeSpan.Zero,
        summary.TimeToFirstChunk?.ToTimeSpan());
}
