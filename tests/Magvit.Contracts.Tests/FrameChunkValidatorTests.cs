using Google.Protobuf;
using Magvit.Contracts.V1;

namespace Magvit.Contracts.Tests;

public sealed class FrameChunkValidatorTests
{
    private static FrameHeader Header(ulong? frameCount = null)
    {
        var header = new FrameHeader { Width = 128, Height = 96, PixelFormat = PixelFormat.Rgb24 };
        if (frameCount is { } count)
        {
            header.FrameCount = count;
        }

        return header;
    }

    [Fact]
    public void Accept_ChunksFromFrameChunker_ReassembleTheFrames()
    {
        var frames = new byte[3 * 128 * 96 * 5];
        new Random(5).NextBytes(frames);
        var validator = new FrameChunkValidator(Header(5));
        var received = new List<byte>();

        foreach (var chunk in new FrameChunker().Chunk(frames))
        {
            received.AddRange(validator.Accept(chunk).ToArray());
        }

        validator.Complete();
        Assert.Equal(frames, received);
        Assert.Equal(5ul, validator.CompleteFrames);
    }

    [Fact]
    public void Accept_SequenceGap_Throws()
    {
        var validator = new FrameChunkValidator(Header());
        validator.Accept(Chunk(0, 0, 10));

        Assert.Throws<ArgumentException>(() => validator.Accept(Chunk(2, 10, 10)));
    }

    [Fact]
    public void Accept_WrongOffset_Throws()
    {
        var validator = new FrameChunkValidator(Header());
        validator.Accept(Chunk(0, 0, 10));

        Assert.Throws<ArgumentException>(() => validator.Accept(Chunk(1, 11, 10)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_537)]
    public void Accept_EmptyOrOversizedChunk_Throws(int length)
    {
        var validator = new FrameChunkValidator(Header());

        Assert.Throws<ArgumentException>(() => validator.Accept(Chunk(0, 0, length)));
    }

    [Fact]
    public void Accept_BeyondAnnouncedFrameCount_Throws()
    {
        var validator = new FrameChunkValidator(Header(frameCount: 1));
        validator.Accept(Chunk(0, 0, 36_864));

        Assert.Throws<ArgumentException>(() => validator.Accept(Chunk(1, 36_864, 1)));
    }

    [Fact]
    public void Complete_PartialLastFrame_Throws()
    {
        var validator = new FrameChunkValidator(Header());
        validator.Accept(Chunk(0, 0, 36_864 + 5));

        Assert.Throws<ArgumentException>(validator.Complete);
    }

    [Fact]
    public void Complete_FewerFramesThanAnnounced_Throws()
    {
        var validator = new FrameChunkValidator(Header(frameCount: 2));
        validator.Accept(Chunk(0, 0, 36_864));

        Assert.Throws<ArgumentException>(validator.Complete);
    }

    [Fact]
    public void Constructor_UnspecifiedPixelFormat_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameChunkValidator(new FrameHeader { Width = 2, Height = 2 }));
    }

    private static FrameChunk Chunk(ulong sequenceNumber, ulong offset, int length) => new()
    {
        SequenceNumber = sequenceNumber,
        Offset = offset,
        Data = UnsafeByteOperations.UnsafeWrap(new byte[length]),
    };
}
