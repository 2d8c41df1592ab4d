namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>What a token costs on the wire, in both encodings (K bits packed is the floor: K/8 bytes).</summary>
/// <param name="CodebookBits">K.</param>
/// <param name="TokensPerLatentFrame">Tokens per chunk (one latent frame each): fixed framing is spread over these.</param>
/// <param name="Packed">TOKEN_ENCODING_PACKED.</param>
/// <param name="Uint32">TOKEN_ENCODING_UINT32.</param>
internal sealed record WireResult(int CodebookBits, int TokensPerLatentFrame, WireCost Packed, WireCost Uint32);
