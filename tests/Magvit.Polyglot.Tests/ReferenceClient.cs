using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Polyglot.Tests;

/// <summary>
/// The C# reference: the gRPC client generated in Magvit.Contracts with the contracts' own packing and chunking
/// (<see cref="FrameChunker"/>, <see cref="TokenChunkCodec"/>, <see cref="TokenChunkSequence"/>, <see cref="FrameChunkValidator"/>).
/// </summary>
internal static class ReferenceClient
{
    /// <summary>A token stream read to the end: its header and the ids of each latent frame.</summary>
    public sealed record Tokens(TokenHeader Header, uint[][] LatentFrames);

    public static async Task<Tokens> TokenizeAsync(TokenizerService.TokenizerServiceClient client, Clip clip)
    {
        using var call = client.Tokenize(deadline: DateTime.UtcNow + ServiceHost.Timeout);
        var header = new TokenizeHeader
        {
            Frames = new FrameHeader { Width = (uint)clip.Width, Height = (uint)clip.Height, PixelFormat = PixelFormat.Rgb24, FrameCount = (ulong)clip.Frames },
            TokenEncoding = TokenEncoding.Packed,
        };
        await call.RequestStream.WriteAsync(new TokenizeRequest { Header = header }).WaitAsync(ServiceHost.Timeout);
        foreach (var chunk in new FrameChunker().Chunk(clip.Rgb24))
        {
            await call.RequestStream.WriteAsync(new TokenizeRequest { Frames = chunk }).WaitAsync(ServiceHost.Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(ServiceHost.Timeout);

        var responses = new List<TokenizeResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout))
        {
            responses.Add(call.ResponseStream.Current);
        }

        Assert.Equal(TokenizeResponse.PayloadOneofCase.Header, responses[0].PayloadCase);
        Assert.Equal(TokenizeResponse.PayloadOneofCase.Summary, responses[^1].PayloadCase);
        return Read(responses[0].Header, responses.Skip(1).SkipLast(1).Select(r => r.Tokens));
    }

    public static async Task<byte[]> DetokenizeAsync(DetokenizerService.DetokenizerServiceClient client, Tokens tokens)
    {
        using var call = client.Detokenize(deadline: DateTime.UtcNow + ServiceHost.Timeout);
        await call.RequestStream.WriteAsync(new DetokenizeRequest { Header = new DetokenizeHeader { Tokens = tokens.Header, PixelFormat = PixelFormat.Rgb24 } })
            .WaitAsync(ServiceHost.Timeout);
        var bits = (int)tokens.Header.CodebookBits;
        for (var f = 0; f < tokens.LatentFrames.Length; f++)
        {
            var chunk = TokenChunkCodec.Create((ulong)f, (ulong)f, 1, tokens.LatentFrames[f], bits, TokenEncoding.Packed);
            await call.RequestStream.WriteAsync(new DetokenizeRequest { Tokens = chunk }).WaitAsync(ServiceHost.Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(ServiceHost.Timeout);

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout));
        Assert.Equal(DetokenizeResponse.PayloadOneofCase.Header, call.ResponseStream.Current.PayloadCase);
        var validator = new FrameChunkValidator(call.ResponseStream.Current.Header);
        using var frames = new MemoryStream();
        var summaries = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout))
        {
            var response = call.ResponseStream.Current;
            if (response.PayloadCase == DetokenizeResponse.PayloadOneofCase.Frames)
            {
                Assert.Equal(0, summaries);
                frames.Write(validator.Accept(response.Frames).Span);
            }
            else
            {
                Assert.Equal(DetokenizeResponse.PayloadOneofCase.Summary, response.PayloadCase);
                summaries++;
            }
        }

        validator.Complete();
        Assert.Equal(1, summaries);
        return frames.ToArray();
    }

    public static async Task<Tokens> GenerateAsync(GeneratorService.GeneratorServiceClient client, GenerateRequest request)
    {
        using var call = client.Generate(request, deadline: DateTime.UtcNow + ServiceHost.Timeout);
        var responses = new List<GenerateResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout))
        {
            responses.Add(call.ResponseStream.Current);
        }

        Assert.Equal(GenerateResponse.PayloadOneofCase.Header, responses[0].PayloadCase);
        Assert.Equal(GenerateResponse.PayloadOneofCase.Summary, responses[^1].PayloadCase);
        return Read(responses[0].Header, responses.Skip(1).SkipLast(1).Select(r => r.Tokens));
    }

    private static Tokens Read(TokenHeader header, IEnumerable<TokenChunk> chunks)
    {
        var sequence = new TokenChunkSequence(header);
        var perFrame = (int)(header.Grid.Height * header.Grid.Width);
        var frames = new List<uint[]>();
        foreach (var chunk in chunks)
        {
            var ids = sequence.Accept(chunk);
            frames.AddRange(ids.Chunk(perFrame));
        }

        sequence.Complete();
        return new Tokens(header, [.. frames]);
    }
}
