namespace Magvit.Client;

/// <summary>
/// What the server reported at the end of a Tokenize or Detokenize stream. After a resume it describes the last call,
/// which recomputed the stream from the start but sent only its tail.
/// </summary>
/// <param name="Frames">Frames received (tokenize) or sent (detokenize) on that call.</param>
/// <param name="UnusedFrames">Tokenize: trailing frames that completed no latent frame.</param>
/// <param name="LatentFrames">Latent frames sent (tokenize) or received (detokenize) on that call.</param>
/// <param name="Tokens">Tokens sent or received on that call.</param>
/// <param name="Elapsed">From the request header's arrival to the end.</param>
/// <param name="TimeToFirstChunk">From the request header's arrival to the first chunk sent; null when none was.</param>
public sealed record StreamReport(long Frames, long UnusedFrames, long LatentFrames, long Tokens, TimeSpan Elapsed, TimeSpan? TimeToFirstChunk);
