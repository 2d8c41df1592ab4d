using System.Diagnostics;

namespace Magvit.Media.Tests;

/// <summary>Test media from ffmpeg's lavfi sources (scripts/install-test-deps.sh installs ffmpeg).</summary>
internal static class MediaFixtures
{
    /// <summary>Runs ffmpeg with <paramref name="arguments"/>; fails the test with ffmpeg's error when it fails.</summary>
    public static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-nostdin", "-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {error}");
    }

    /// <summary>
    /// A deterministic pattern: <paramref name="count"/> frames of <paramref name="width"/> × <paramref name="height"/>,
    /// smooth gradients drifting one pixel per frame (easy for any codec, so lossy round trips stay close).
    /// </summary>
    public static RgbFrames Gradient(int width, int height, int count)
    {
        var data = new byte[count * width * height * 3];
        for (var t = 0; t < count; t++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var at = (((t * height) + y) * width + x) * 3;
                    data[at] = (byte)((x + t) * 255 / (width + count));
                    data[at + 1] = (byte)(y * 255 / height);
                    data[at + 2] = (byte)(96 + (t * 8 % 64));
                }
            }
        }

        return new RgbFrames(width, height, count, data);
    }
}
