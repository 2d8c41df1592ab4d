namespace Magvit.Cli.Tokens;

/// <summary>
/// The <c>.mgt</c> token file (docs/mgt-format.md): a little-endian header mirroring the token contract's
/// TokenHeader, then every token bit-packed exactly as tokens.proto's <c>packed_tokens</c> (K bits per token,
/// LSB-first, one bit string over all latent frames in raster order). Offsets of version 1's fixed fields.
/// </summary>
internal static class MgtFormat
{
    /// <summary>"MGT1".</summary>
    public static ReadOnlySpan<byte> Magic => "MGT1"u8;

    /// <summary>The version this code writes and reads.</summary>
    public const ushort Version = 1;

    /// <summary>Magic (4), version (2), header length (2): the bytes before the header proper.</summary>
    public const int PreambleBytes = 8;

    /// <summary>Header bytes before the model id: K … model id length (see docs/mgt-format.md).</summary>
    public const int FixedHeaderBytes = 70;

    /// <summary>Raster order code: latent frame, then row, then column (RASTER_ORDER_TIME_ROW_COLUMN).</summary>
    public const byte RasterTimeRowColumn = 1;

    /// <summary>Bit order code: bit c of an id is latent channel c (TOKEN_BIT_ORDER_LSB_FIRST).</summary>
    public const byte BitOrderLsbFirst = 1;

    /// <summary>Bytes of a SHA-256.</summary>
    public const int Sha256Bytes = 32;

    /// <summary>Longest model id in bytes (UTF-8).</summary>
    public const int MaxModelIdBytes = 1024;
}
