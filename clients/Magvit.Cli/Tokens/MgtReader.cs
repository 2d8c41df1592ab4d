using System.Buffers.Binary;
using System.Text;
using Magvit.Client;
using Magvit.Contracts;

namespace Magvit.Cli.Tokens;

/// <summary>Reads <c>.mgt</c> files (<see cref="MgtFormat"/>); anything else fails with an <see cref="InvalidDataException"/> that says what is wrong.</summary>
internal static class MgtReader
{
    /// <summary>The token video in <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid version-1 .mgt file.</exception>
    public static TokenVideo Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No such token file: {path}", path);
        }

        try
        {
            return Read(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The token video in <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid version-1 .mgt file.</exception>
    public static TokenVideo Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MgtFormat.Magic.Length || !bytes[..MgtFormat.Magic.Length].SequenceEqual(MgtFormat.Magic))
        {
            throw new InvalidDataException("not a .mgt token file (it does not start with \"MGT1\").");
        }

        Require(bytes, MgtFormat.PreambleBytes, "the preamble");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != MgtFormat.Version)
        {
            throw new InvalidDataException($"version {version} of the .mgt format; this magvit reads version {MgtFormat.Version}.");
        }

        var headerBytes = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        if (headerBytes < MgtFormat.FixedHeaderBytes)
        {
            throw new InvalidDataException($"the header length {headerBytes} is below the {MgtFormat.FixedHeaderBytes} bytes of version {MgtFormat.Version}.");
        }

        Require(bytes, MgtFormat.PreambleBytes + headerBytes, "the header");
        var h = bytes.Slice(MgtFormat.PreambleBytes, headerBytes);
        var bits = (int)h[0];
        if (bits is < TokenPacking.MinBits or > TokenPacking.MaxBits)
        {
            throw new InvalidDataException($"codebook bits K = {bits} is outside {TokenPacking.MinBits} … {TokenPacking.MaxBits}.");
        }

        if (h[1] != MgtFormat.RasterTimeRowColumn || h[2] != MgtFormat.BitOrderLsbFirst)
        {
            throw new InvalidDataException($"raster order {h[1]} / bit order {h[2]}: only 1 / 1 (time-row-column, LSB first) exist.");
        }

        var rule = (TemporalRule)h[3];
        if (!Enum.IsDefined(rule))
        {
            throw new InvalidDataException($"unknown frame rule {h[3]}.");
        }

        var frames = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]);
        var height = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
        var width = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]);
        if (height is 0 or > 65536 || width is 0 or > 65536 || frames > int.MaxValue)
        {
            throw new InvalidDataException($"implausible grid: {frames} latent frames of {height} × {width} tokens.");
        }

        var geometry = rule == TemporalRule.Unspecified ? null : new TokenGeometry(
            (int)BinaryPrimitives.ReadUInt32LittleEndian(h[16..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(h[20..]),
            rule,
            (int)BinaryPrimitives.ReadUInt32LittleEndian(h[24..]));
        var (rateNumerator, rateDenominator) = (BinaryPrimitives.ReadUInt32LittleEndian(h[28..]), BinaryPrimitives.ReadUInt32LittleEndian(h[32..]));
        var sha = h.Slice(36, MgtFormat.Sha256Bytes);
        var modelIdBytes = BinaryPrimitives.ReadUInt16LittleEndian(h[68..]);
        if (MgtFormat.FixedHeaderBytes + modelIdBytes > headerBytes)
        {
            throw new InvalidDataException($"the model id ({modelIdBytes} bytes) runs past the header ({headerBytes} bytes).");
        }

        var modelId = Encoding.UTF8.GetString(h.Slice(MgtFormat.FixedHeaderBytes, modelIdBytes));
        var hash = sha.ContainsAnyExcept((byte)0) ? Convert.ToHexStringLower(sha) : string.Empty;
        var perFrame = checked((int)(height * width));
        var count = checked((int)frames * perFrame);
        var tokens = bytes[(MgtFormat.PreambleBytes + headerBytes)..];
        var expected = TokenPacking.PackedLength(count, bits);
        if (tokens.Length < expected)
        {
            throw new InvalidDataException($"truncated: {tokens.Length} of {expected} token bytes ({frames} latent frames of {height} × {width} tokens, K = {bits}).");
        }

        if (tokens.Length > expected)
        {
            throw new InvalidDataException($"{tokens.Length - expected} unexpected bytes after the {expected} token bytes.");
        }

        uint[] ids;
        try
        {
            ids = TokenPacking.Unpack(tokens, bits, count);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"corrupt tokens: {e.Message}", e);
        }

        var header = new TokenStreamHeader(bits, (int)height, (int)width)
        {
            LatentFrames = frames,
            Model = modelId.Length > 0 || hash.Length > 0 ? new ModelIdentity(modelId, hash) : null,
            Geometry = geometry,
        };
        var latent = Enumerable.Range(0, (int)frames).Select(t => new TokenFrame(t, ids[(t * perFrame)..((t + 1) * perFrame)])).ToList();
        return new TokenVideo(header, latent) { FrameRate = rateDenominator > 0 && rateNumerator > 0 ? new FrameRate(rateNumerator, rateDenominator) : null };
    }

    private static void Require(ReadOnlySpan<byte> bytes, int length, string what)
    {
        if (bytes.Length < length)
        {
            throw new InvalidDataException($"truncated: the file ends at byte {bytes.Length}, inside {what} ({length} bytes).");
        }
    }
}
