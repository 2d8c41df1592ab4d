using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>Drives one Tokenize stream: header, then the clip's bytes in chunks of a chosen size, then half-close.</summary>
internal static class TokenizeCall
{
    public sealed record Result(TokenHeader Header, IReadOnlyList<TokenChunk> Chunks, StreamSummary Summary)
    {
        public int[][] Tokens => Chunks.SelectMany(c => Split(c)).ToArray();

        private IEnumerable<int[]> Split(TokenChunk chunk)
        {
            var ids = TokenChunkCodec.ReadIds(chunk, Header);
            var perFrame = ids.Length / (int)chunk.LatentFrameCount;
            return Enumerable.Range(0, (int)chunk.LatentFrameCount).Select(f => ids.Skip(f * perFrame).Take(perFrame).Select(i => (int)i).ToArray());
        }
    }

    public static async Task<Result> RunAsync(TokenizerService.TokenizerServiceClient client, Clip clip, int chunkBytes, TokenEncoding encoding = TokenEncoding.Packed, CancellationToken cancel = default)
    {
        using var call = client.Tokenize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancel);
        await call.RequestStream.WriteAsync(new TokenizeRequest { Header = Header(clip, encoding) }).WaitAsync(ServiceHost.Timeout);
        var chunker = new FrameChunker(chunkBytes);
        foreach (var chunk in chunker.Chunk(clip.Rgb24))
        {
            await call.RequestStream.WriteAsync(new TokenizeRequest { Frames = chunk }).WaitAsync(ServiceHost.Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(ServiceHost.Timeout);
        return await ReadAsync(call.ResponseStream);
    }

    public static TokenizeHeader Header(Clip clip, TokenEncoding encoding = TokenEncoding.Packed) => new()
    {
        Frames = new FrameHeader { Width = (uint)clip.Width, Height = (uint)clip.Height, PixelFormat = PixelFormat.Rgb24, FrameCount = (ulong)clip.Frames },
        TokenEncoding = encoding,
    };

    public static async Task<Result> ReadAsync(IAsyncStreamReader<TokenizeResponse> responses)
    {
        var all = new List<TokenizeResponse>();
        while (await responses.MoveNext().WaitAsync(ServiceHost.Timeout))
        {
            all.Add(responses.Current);
        }

        return Read(all);
    }

    public static Result Read(IReadOnlyList<TokenizeResponse> responses)
    {
        TokenHeader? header = null;
        StreamSummary? summary = null;
        var chunks = new List<TokenChunk>();
        foreach (var response in responses)
        {
            switch (response.PayloadCase)
            {
                case TokenizeResponse.PayloadOneofCase.Header:
                    header = response.Header;
                    break;
                case TokenizeResponse.PayloadOneofCase.Tokens:
                    chunks.Add(response.Tokens);
                    break;
                case TokenizeResponse.PayloadOneofCase.Summary:
                    summary = response.Summary;
                    break;
            }
        }

        return new Result(header ?? throw new InvalidOperationException("no header"), chunks, summary ?? throw new InvalidOperationException("no summary"));
    }
}
