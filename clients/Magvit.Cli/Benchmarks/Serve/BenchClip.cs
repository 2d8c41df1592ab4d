using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Cli.Benchmarks.Serve;

/// <summary>
/// A deterministic RGB24 clip (noise: the model's cost does not depend on pixel values) and the two views of it that
/// both paths share: the 64 KiB frame chunks a client sends, and the runs of whole frames those chunks complete —
/// exactly what the service hands its session per chunk, so the in-process path sees the same chunking.
/// </summary>
internal sealed class BenchClip
{
    public BenchClip(int frames, int size, int seed)
    {
        (Frames, Height, Width) = (frames, size, size);
        Rgb24 = new byte[frames * FrameBytes];
        new Random(seed).NextBytes(Rgb24);
        FrameRuns = Runs(Rgb24, FrameBytes);
    }

    public int Frames { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Height·Width·3.</summary>
    public int FrameBytes => Height * Width * 3;

    /// <summary>The frames back to back.</summary>
    public byte[] Rgb24 { get; }

    /// <summary>Per 64 KiB chunk, the whole frames it completes (views of <see cref="Rgb24"/>; chunks completing none are skipped).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> FrameRuns { get; }

    /// <summary>Frame 0 alone: what a live source sends first.</summary>
    public ReadOnlyMemory<byte> FirstFrame => Rgb24.AsMemory(0, FrameBytes);

    /// <summary>The frame header a client sends; <paramref name="live"/> leaves frame_count unset.</summary>
    public FrameHeader Header(bool live) => live
        ? new FrameHeader { Width = (uint)Width, Height = (uint)Height, PixelFormat = PixelFormat.Rgb24 }
        : new FrameHeader { Width = (uint)Width, Height = (uint)Height, PixelFormat = PixelFormat.Rgb24, FrameCount = (ulong)Frames };

    private static ReadOnlyMemory<byte>[] Runs(byte[] clip, int frameBytes)
    {
        var runs = new List<ReadOnlyMemory<byte>>();
        var done = 0;
        for (var end = 0; end < clip.Length;)
        {
            end = Math.Min(end + FrameChunker.MaxChunkBytes, clip.Length);
            var complete = end / frameBytes;
            if (complete > done)
            {
                runs.Add(clip.AsMemory(done * frameBytes, (complete - done) * frameBytes));
                done = complete;
            }
        }

        return [.. runs];
    }
}
