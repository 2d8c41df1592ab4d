namespace Magvit.Client.Tests.Support;

/// <summary>Deterministic random RGB24 frames of the test models' size.</summary>
internal static class TestVideo
{
    public static List<RgbFrame> Frames(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var bytes = new byte[TestModels.FrameSize * TestModels.FrameSize * 3];
            random.NextBytes(bytes);
            return new RgbFrame(TestModels.FrameSize, TestModels.FrameSize, bytes);
        })];
    }

    /// <summary>The bytes of <paramref name="frames"/> back to back.</summary>
    public static byte[] Bytes(IEnumerable<RgbFrame> frames) => [.. frames.SelectMany(f => f.Rgb24.ToArray())];
}
