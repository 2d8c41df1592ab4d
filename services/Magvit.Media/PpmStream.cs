using System.Text;

namespace Magvit.Media;

/// <summary>
/// Splits ffmpeg's <c>-f image2pipe -c:v ppm</c> output into frames: each is "P6 width height 255" and width × height
/// RGB24 pixels, so every frame says its own size and a decode needs no probe first.
/// </summary>
internal static class PpmStream
{
    /// <summary>Every frame of <paramref name="bytes"/>, in order, as (width, height, pixel offset).</summary>
    public static List<(int Width, int Height, int Offset)> Frames(byte[] bytes, string subject)
    {
        var frames = new List<(int, int, int)>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (Token(bytes, ref at) != "P6")
            {
                throw new MediaException($"ffmpeg's PPM output for '{subject}' is malformed at byte {at}.");
            }

            var width = int.Parse(Token(bytes, ref at), System.Globalization.CultureInfo.InvariantCulture);
            var height = int.Parse(Token(bytes, ref at), System.Globalization.CultureInfo.InvariantCulture);
            if (Token(bytes, ref at) != "255")
            {
                throw new MediaException($"ffmpeg wrote a PPM frame deeper than 8 bits for '{subject}'.");
            }

            at++;   // the single whitespace byte that ends the header
            var size = width * height * 3;
            if (at + size > bytes.Length)
            {
                throw new MediaException($"ffmpeg's output for '{subject}' ends inside a frame.");
            }

            frames.Add((width, height, at));
            at += size;
        }

        return frames;
    }

    /// <summary>The frames of one size joined into <see cref="RgbFrames"/>.</summary>
    public static RgbFrames Join(byte[] bytes, IReadOnlyList<(int Width, int Height, int Offset)> frames)
    {
        var (width, height) = (frames[0].Width, frames[0].Height);
        var size = width * height * 3;
        var data = new byte[frames.Count * size];
        for (var i = 0; i < frames.Count; i++)
        {
            Buffer.BlockCopy(bytes, frames[i].Offset, data, i * size, size);
        }

        return new RgbFrames(width, height, frames.Count, data);
    }

    private static string Token(byte[] bytes, ref int at)
    {
        while (at < bytes.Length && char.IsWhiteSpace((char)bytes[at]))
        {
            at++;
        }

        var start = at;
        while (at < bytes.Length && !char.IsWhiteSpace((char)bytes[at]))
        {
            at++;
        }

        return Encoding.ASCII.GetString(bytes, start, at - start);
    }
}
