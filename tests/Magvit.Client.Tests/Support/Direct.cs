using Grpc.Net.Client;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Client.Tests.Support;

/// <summary>The services called with plain generated stubs: what the facade's results must equal.</summary>
internal static class Direct
{
    public static async Task<(TokenHeader Header, List<uint[]> Ids)> TokenizeAsync(string address, IReadOnlyList<RgbFrame> frames)
    {
        using var channel = GrpcChannel.ForAddress(address);
        using var call = new TokenizerService.TokenizerServiceClient(channel).Tokenize(deadline: DateTime.UtcNow + Bounded.Timeout);
        var header = new TokenizeHeader
        {
            Frames = new FrameHeader { Width = (uint)frames[0].Width, Height = (uint)frames[0].Height, PixelFormat = PixelFormat.Rgb24, FrameCount = (ulong)frames.Count },
        };
        await call.RequestStream.WriteAsync(new TokenizeRequest { Header = header }).Within();
        var chunker = new FrameChunker();
        foreach (var frame in frames)
        {
            foreach (var chunk in chunker.Chunk(frame.Rgb24))
            {
                await call.RequestStream.WriteAsync(new TokenizeRequest { Frames = chunk }).Within();
            }
        }

        await call.RequestStream.CompleteAsync().Within();
        TokenHeader? tokens = null;
        var ids = new List<uint[]>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Within())
        {
            var message = call.ResponseStream.Current;
            if (message.PayloadCase == TokenizeResponse.PayloadOneofCase.Header)
            {
                tokens = message.Header;
            }
            else if (message.PayloadCase == TokenizeResponse.PayloadOneofCase.Tokens)
            {
                ids.Add(TokenChunkCodec.ReadIds(message.Tokens, tokens!));
            }
        }

        return (tokens!, ids);
    }

    public static async Task<byte[]> DetokenizeAsync(string address, TokenHeader header, IReadOnlyList<uint[]> latentFrames)
    {
        using var channel = GrpcChannel.ForAddress(address);
        using var call = new DetokenizerService.DetokenizerServiceClient(channel).Detokenize(deadline: DateTime.UtcNow + Bounded.Timeout);
        await call.RequestStream.WriteAsync(new DetokenizeRequest { Header = new DetokenizeHeader { Tokens = header } }).Within();
        for (var i = 0; i < latentFrames.Count; i++)
        {
            var chunk = TokenChunkCodec.Create((ulong)i, (ulong)i, 1, latentFrames[i], (int)header.CodebookBits, TokenEncoding.Packed);
            await call.RequestStream.WriteAsync(new DetokenizeRequest { Tokens = chunk }).Within();
        }

        await call.RequestStream.CompleteAsync().Within();
        var bytes = new List<byte>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Within())
        {
            if (call.ResponseStream.Current.PayloadCase == DetokenizeResponse.PayloadOneofCase.Frames)
            {
                bytes.AddRange(call.ResponseStream.Current.Frames.Data.Span);
            }
        }

        return [.. bytes];
    }

    public static async Task<(TokenHeader Header, List<uint[]> Ids)> GenerateAsync(string address, GenerateRequest request)
    {
        using var channel = GrpcChannel.ForAddress(address);
        using var call = new GeneratorService.GeneratorServiceClient(channel).Generate(request, deadline: DateTime.UtcNow + Bounded.Timeout);
        TokenHeader? header = null;
        var ids = new List<uint[]>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Within())
        {
            var message = call.ResponseStream.Current;
            if (message.PayloadCase == GenerateResponse.PayloadOneofCase.Header)
            {
                header = message.Header;
            }
            else if (message.PayloadCase == GenerateResponse.PayloadOneofCase.Tokens)
            {
                ids.Add(TokenChunkCodec.ReadIds(message.Tokens, header!));
            }
        }

        return (header!, ids);
    }
}
