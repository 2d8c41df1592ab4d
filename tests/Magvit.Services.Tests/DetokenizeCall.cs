using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>Drives one Detokenize stream: header, then latent frames of tokens in chunks of a chosen size, then half-close.</summary>
internal static class DetokenizeCall
{
    /// <summary>K of the tiny model's tokens.</summary>
    public const int Bits = 18;

    public sealed record Result(FrameHeader Header, IReadOnlyList<FrameChunk> Chunks, StreamSummary Summary)
    {
        /// <summary>The frame byte string: every chunk's data in order.</summary>
        public byte[] Bytes
        {
            get
            {
                var bytes = new byte[Chunks.Sum(c => c.Data.Length)];
                var offset = 0;
                foreach (var chunk in Chunks)
                {
                    chunk.Data.Span.CopyTo(bytes.AsSpan(offset));
                    offset += chunk.Data.Length;
                }

                return bytes;
            }
        }

        /// <summary>frames.proto's chunking rule: 1 … 64 KiB each, sequence numbers 0, 1, 2, …, offsets the running byte count.</summary>
        public void AssertFollowsChunkRule()
        {
            ulong offset = 0;
            for (var i = 0; i < Chunks.Count; i++)
            {
                Assert.InRange(Chunks[i].Data.Length, 1, FrameChunker.MaxChunkBytes);
                Assert.Equal((ulong)i, Chunks[i].SequenceNumber);
                Assert.Equal(offset, Chunks[i].Offset);
                offset += (ulong)Chunks[i].Data.Length;
            }
        }
    }

    public static async Task<Result> RunAsync(
        DetokenizerService.DetokenizerServiceClient client, TokenHeader tokens, IEnumerable<TokenChunk> chunks, CancellationToken cancel = default)
    {
        using var call = client.Detokenize(deadline: DateTime.UtcNow.Add(ServiceHost.Timeout), cancellationToken: cancel);
        return Read(await DuplexCall.ExchangeAsync(call, Requests(new DetokenizeHeader { Tokens = tokens }, chunks)));
    }

    /// <summary>The header message, then one message per chunk.</summary>
    public static IEnumerable<DetokenizeRequest> Requests(DetokenizeHeader header, IEnumerable<TokenChunk> chunks)
        => chunks.Select(c => new DetokenizeRequest { Tokens = c }).Prepend(new DetokenizeRequest { Header = header });

    /// <summary>A token header for the served tiny model: K = 18, a latentHeight × latentWidth grid.</summary>
    public static TokenHeader Header(int latentHeight, int latentWidth, ulong? latentFrames, string weightsSha256 = "")
    {
        var grid = new LatentGrid { Height = (uint)latentHeight, Width = (uint)latentWidth };
        if (latentFrames is { } frames)
        {
            grid.Frames = frames;
        }

        return new TokenHeader
        {
            CodebookBits = Bits,
            Grid = grid,
            RasterOrder = RasterOrder.TimeRowColumn,
            BitOrder = TokenBitOrder.LsbFirst,
            Model = new ModelIdentity { WeightsSha256 = weightsSha256 },
        };
    }

    /// <summary>The latent frames in chunks of <paramref name="framesPerChunk"/> (the last one shorter), numbered in order.</summary>
    public static IEnumerable<TokenChunk> Chunks(int[][] latentFrames, int framesPerChunk, TokenEncoding encoding = TokenEncoding.Packed)
        => latentFrames.Chunk(framesPerChunk).Select((frames, i) => TokenChunkCodec.Create(
            (ulong)i, (ulong)(i * framesPerChunk), (uint)frames.Length, frames.SelectMany(f => f).Select(id => (uint)id).ToArray(), Bits, encoding));

    /// <summary>Uniform random ids in [0, 2^K), one array of latentHeight·latentWidth per latent frame.</summary>
    public static int[][] RandomTokens(int latentFrames, int latentHeight, int latentWidth, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, latentFrames).Select(_ => Enumerable.Range(0, latentHeight * latentWidth).Select(_ => random.Next(1 << Bits)).ToArray()).ToArray();
    }

    public static Result Read(IReadOnlyList<DetokenizeResponse> responses)
    {
        Assert.True(responses.Count >= 2, "a stream answers at least a header and a summary");
        Assert.Equal(DetokenizeResponse.PayloadOneofCase.Header, responses[0].PayloadCase);
        Assert.Equal(DetokenizeResponse.PayloadOneofCase.Summary, responses[^1].PayloadCase);
        var chunks = responses.Skip(1).SkipLast(1).Select(r =>
        {
            Assert.Equal(DetokenizeResponse.PayloadOneofCase.Frames, r.PayloadCase);
            return r.Frames;
        }).ToList();
        return new Result(responses[0].Header, chunks, responses[^1].Summary);
    }

    /// <summary>Asserts that <paramref name="actual"/> has the length of <paramref name="expected"/> and is at most one grey level from it.</summary>
    public static void EqualWithinOneGreyLevel(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual).Select(p => Math.Abs(p.First - p.Second)).DefaultIfEmpty().Max();
        Assert.True(worst <= 1, $"Bytes differ by up to {worst} grey levels.");
    }
}
