using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>One Generate call read to the end: what a client sees.</summary>
internal sealed record GenerateCall(TokenHeader Header, IReadOnlyList<TokenChunk> Chunks, IReadOnlyList<TokenRows> Rows, GenerationSummary Summary, IReadOnlyList<GenerateResponse.PayloadOneofCase> Order)
{
    /// <summary>All token ids of the stream (prompt included), raster order.</summary>
    public uint[] Tokens => [.. Chunks.SelectMany(c => TokenChunkCodec.ReadIds(c, Header))];

    public static async Task<GenerateCall> RunAsync(GeneratorService.GeneratorServiceClient client, GenerateRequest request)
    {
        using var call = client.Generate(request, deadline: DateTime.UtcNow + ServiceHost.Timeout);
        TokenHeader? header = null;
        GenerationSummary? summary = null;
        var chunks = new List<TokenChunk>();
        var rows = new List<TokenRows>();
        var order = new List<GenerateResponse.PayloadOneofCase>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(ServiceHost.Timeout))
        {
            var message = call.ResponseStream.Current;
            order.Add(message.PayloadCase);
            switch (message.PayloadCase)
            {
                case GenerateResponse.PayloadOneofCase.Header:
                    header = message.Header;
                    break;
                case GenerateResponse.PayloadOneofCase.Tokens:
                    chunks.Add(message.Tokens);
                    break;
                case GenerateResponse.PayloadOneofCase.Rows:
                    rows.Add(message.Rows);
                    break;
                case GenerateResponse.PayloadOneofCase.Summary:
                    summary = message.Summary;
                    break;
            }
        }

        Assert.NotNull(header);
        Assert.NotNull(summary);
        return new GenerateCall(header, chunks, rows, summary, order);
    }

    /// <summary>A prompt of <paramref name="frames"/> latent frames of <paramref name="ids"/> for a model of K bits.</summary>
    public static GenerationCondition Prompt(uint[] ids, int frames, uint height, uint width, int bits)
    {
        var header = new TokenHeader { CodebookBits = (uint)bits, Grid = new LatentGrid { Frames = (ulong)frames, Height = height, Width = width } };
        var condition = new GenerationCondition { PromptHeader = header };
        var perFrame = (int)(height * width);
        for (var f = 0; f < frames; f++)
        {
            condition.Prompt.Add(TokenChunkCodec.Create((ulong)f, (ulong)f, 1, ids.AsSpan(f * perFrame, perFrame).ToArray(), bits, TokenEncoding.Packed));
        }

        return condition;
    }
}
