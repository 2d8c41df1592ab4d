using Magvit.Media;
using static TorchSharp.torch;

namespace Magvit.Training.Trainer;

/// <summary>
/// A PNG of clips side by side in time: for each clip a row of its input frames above a row of its reconstruction
/// (frames left to right, a 2-pixel gap between rows), so a glance shows what the tokenizer keeps and loses.
/// </summary>
public static class SampleStrip
{
    private const int Gap = 2;
    private const byte Background = 40;

    /// <summary>
    /// Writes <paramref name="clips"/> — pairs of (T, 3, S, S) tensors of 8-bit values (input, reconstruction) — to
    /// <paramref name="path"/>. Clips of fewer frames leave the rest of their row dark.
    /// </summary>
    public static void Write(string path, IReadOnlyList<(Tensor Input, Tensor Output)> clips)
    {
        ArgumentOutOfRangeException.ThrowIfZero(clips.Count);
        var size = (int)clips[0].Input.shape[^1];
        var frames = clips.Max(c => (int)c.Input.shape[0]);
        var width = frames * size;
        var height = (clips.Count * 2 * (size + Gap)) - Gap;
        var rgb = new byte[width * height * 3];
        Array.Fill(rgb, Background);
        var top = 0;
        foreach (var (input, output) in clips)
        {
            Paint(rgb, width, top, input);
            Paint(rgb, width, top + size + Gap, output);
            top += 2 * (size + Gap);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        PngWriter.Write(path, width, height, rgb);
    }

    private static void Paint(byte[] rgb, int width, int top, Tensor frames) // (T, 3, S, S) values in [0, 255]
    {
        using var scope = NewDisposeScope();
        var (count, size) = ((int)frames.shape[0], (int)frames.shape[^1]);
        var hwc = frames.clamp(0, 255).to_type(ScalarType.Byte).permute(0, 2, 3, 1).contiguous().cpu().data<byte>().ToArray();
        for (var t = 0; t < count; t++)
        {
            for (var y = 0; y < size; y++)
            {
                var from = ((t * size * size) + (y * size)) * 3;
                var to = (((top + y) * width) + (t * size)) * 3;
                Array.Copy(hwc, from, rgb, to, size * 3);
            }
        }
    }
}
