namespace Magvit.Runtime.Sessions;

/// <summary>One decoded frame as RGB24: H·W·3 bytes, rows top to bottom, channels interleaved R, G, B.</summary>
/// <param name="Index">Frame index within the stream, from 0.</param>
/// <param name="Rgb24">The pixels.</param>
public sealed record DecodedFrame(long Index, byte[] Rgb24);
