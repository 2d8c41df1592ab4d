using System.Buffers.Binary;
using System.Text;
using Magvit.Contracts;

namespace Magvit.Cli.Tokens;

/// <summary>Writes a <see cref="TokenVideo"/> as a <c>.mgt</c> file (<see cref="MgtFormat"/>).</summary>
internal static class MgtWriter
{
    /// <summary>Writes <paramref name="video"/> to <paramref name="path"/> (through a temporary file, so a failure leaves no half file).</summary>
    public static void Write(string path, TokenVideo video)
    {
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
        {
            Write(stream, video);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="video"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The header and frames disagree, or an id does not fit in K bits.</exception>
    public static void Write(Stream output, TokenVideo video)
    {
        var header = video.Header;
        var perFrame = header.TokensPerFrame;
        var ids = new uint[checked(video.Frames.Count * perFrame)];
        for (var t = 0; t < video.Frames.Count; t++)
        {
            var frame = video.Frames[t];
            if (frame.LatentFrame != t || frame.Ids.Length != perFrame)
            {
                throw new ArgumentException($"Latent frame {t} must be numbered {t} and hold {perFrame} ids (got {frame.LatentFrame}, {frame.Ids.Length}).", nameof(video));
            }

            frame.Ids.CopyTo(ids, t * perFrame);
        }

        var modelId = Encoding.UTF8.GetBytes(header.Model?.ModelId ?? string.Empty);
        if (modelId.Length > MgtFormat.MaxModelIdBytes)
        {
            throw new ArgumentException($"The model id is longer than {MgtFormat.MaxModelIdBytes} bytes.", nameof(video));
        }

        var fields = new byte[MgtFormat.PreambleBytes + MgtFormat.FixedHeaderBytes + modelId.Length];
        var span = fields.AsSpan();
        MgtFormat.Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], MgtFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)(MgtFormat.FixedHeaderBytes + modelId.Length));
        var h = span[MgtFormat.PreambleBytes..];
        h[0] = (byte)header.CodebookBits;
        h[1] = MgtFormat.RasterTimeRowColumn;
        h[2] = MgtFormat.BitOrderLsbFirst;
        h[3] = (byte)(header.Geometry?.Rule ?? Client.TemporalRule.Unspecified);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)video.Frames.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], (uint)header.GridHeight);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)header.GridWidth);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)(header.Geometry?.SpatialFactor ?? 0));
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)(header.Geometry?.TemporalFactor ?? 0));
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)(header.Geometry?.WindowFrames ?? 0));
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], video.FrameRate?.Numerator ?? 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h[32..], video.FrameRate?.Denominator ?? 0);
        if (header.Model is { WeightsSha256.Length: > 0 } model)
        {
            var sha = Convert.FromHexString(model.WeightsSha256);
            if (sha.Length != MgtFormat.Sha256Bytes)
            {
                throw new ArgumentException($"The weights hash must be {MgtFormat.Sha256Bytes} bytes of hex.", nameof(video));
            }

            sha.CopyTo(h[36..]);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(h[68..], (ushort)modelId.Length);
        modelId.CopyTo(h[70..]);
        output.Write(fields);
        output.Write(TokenPacking.Pack(ids, header.CodebookBits));
    }
}
