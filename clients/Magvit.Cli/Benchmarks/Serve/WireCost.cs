namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>Bytes per token of one token encoding, measured on a real Tokenize call, from the payload outwards.</summary>
/// <param name="PayloadBytesPerToken">The tokens field alone: packed_tokens bytes, or the serialized TokenIdList.</param>
/// <param name="ChunkBytesPerToken">Serialized TokenChunk messages (sequence number, latent frame fields, tokens).</param>
/// <param name="MessageBytesPerToken">Serialized TokenizeResponse messages plus gRPC's 5-byte length prefix each.</param>
/// <param name="ConnectionBytesPerToken">
/// Every byte the client read from its TCP connection during the call — HTTP/2 frame and HPACK headers, token
/// header, summary, trailers and window updates included — per token.
/// </param>
internal sealed record WireCost(double PayloadBytesPerToken, double ChunkBytesPerToken, double MessageBytesPerToken, double ConnectionBytesPerToken);
