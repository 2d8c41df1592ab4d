using Grpc.Core;
using Grpc.Net.Client;
using Magvit.Client.Tests.Support;
using Magvit.Contracts.V1;

namespace Magvit.Client.Tests;

/// <summary>The facade over the real services: every result equals what the generated stubs get from the same server.</summary>
[Collection(SharedServices.Name)]
public sealed class ClientFacadeTests(ServicesFixture services)
{
    private MagvitClients Clients => services.Clients;

    [Fact]
    public async Task GetModelInfo_EachService_DescribesWhatTheServerReports()
    {
        using var channel = GrpcChannel.ForAddress(services.Tokenizer.Address);
        var direct = (await new TokenizerService.TokenizerServiceClient(channel).GetModelInfoAsync(new TokenizerServiceGetModelInfoRequest()).ResponseAsync.Within()).Model;

        var tokenizer = await Clients.Tokenizer.GetModelInfoAsync().Within();
        var detokenizer = await Clients.Detokenizer.GetModelInfoAsync().Within();
        var generator = await Clients.Generator.GetModelInfoAsync().Within();

        Assert.Equal(direct.Identity.WeightsSha256, tokenizer.Identity.WeightsSha256);
        Assert.Equal(64, tokenizer.Identity.WeightsSha256.Length);
        Assert.Equal(new TokenGeometry(8, 4, TemporalRule.Causal, 0), tokenizer.Geometry);
        Assert.Equal(tokenizer, detokenizer);
        Assert.Equal((TestModels.Bits, GeneratorKind.Masked, 4, 4, 3), (generator.CodebookBits, generator.Kind, generator.GridHeight, generator.GridWidth, generator.MaxLatentFrames));
        Assert.Equal(tokenizer.Identity.WeightsSha256, generator.Tokenizer?.WeightsSha256);
        Assert.Equal(tokenizer.Geometry, generator.TokenizerGeometry);
    }

    [Fact]
    public async Task TokenizeImageThenDetokenizeImage_EqualTheDirectCalls()
    {
        var image = TestVideo.Frames(1, seed: 1)[0];
        using var tokenizerChannel = GrpcChannel.ForAddress(services.Tokenizer.Address);
        using var detokenizerChannel = GrpcChannel.ForAddress(services.Detokenizer.Address);
        var direct = await new TokenizerService.TokenizerServiceClient(tokenizerChannel).TokenizeImageAsync(new TokenizeImageRequest
        {
            Image = new Image { Width = 32, Height = 32, PixelFormat = PixelFormat.Rgb24, Data = Google.Protobuf.ByteString.CopyFrom(image.Rgb24.Span) },
        }).ResponseAsync.Within();
        var directImage = await new DetokenizerService.DetokenizerServiceClient(detokenizerChannel).DetokenizeImageAsync(new DetokenizeImageRequest
        {
            Header = direct.Header,
            Tokens = direct.Tokens,
        }).ResponseAsync.Within();

        var tokens = await Clients.Tokenizer.TokenizeImageAsync(image).Within();
        var decoded = await Clients.Detokenizer.DetokenizeImageAsync(tokens.Header, tokens.Tokens).Within();

        Assert.Equal(Magvit.Contracts.TokenChunkCodec.ReadIds(direct.Tokens, direct.Header), tokens.Tokens.Ids);
        Assert.Equal((4, 4, 6, 1L), (tokens.Header.GridHeight, tokens.Header.GridWidth, tokens.Header.CodebookBits, tokens.Header.LatentFrames));
        Assert.Equal(directImage.Image.Data.ToByteArray(), decoded.Rgb24.ToArray());
    }

    [Fact]
    public async Task Tokenize_Stream_EqualsTheDirectStream()
    {
        var frames = TestVideo.Frames(9, seed: 2);
        var (directHeader, directIds) = await Direct.TokenizeAsync(services.Tokenizer.Address, frames);

        await using var tokens = await Clients.Tokenizer.TokenizeAsync(VideoFrames.Of(frames)).Within();
        var received = await tokens.ReadAllAsync().ReadAllWithinAsync();

        Assert.Equal(directIds, received.Select(t => t.Ids));
        Assert.Equal([0L, 1, 2], received.Select(t => t.LatentFrame));
        Assert.Equal((long)directHeader.Grid.Frames, tokens.Header.LatentFrames);
        Assert.Equal(directHeader.Model.WeightsSha256, tokens.Header.Model?.WeightsSha256);
        Assert.Equal(new StreamReport(9, 0, 3, 48, tokens.Report!.Elapsed, tokens.Report.TimeToFirstChunk), tokens.Report);
        Assert.Equal(0, tokens.Resumes);
    }

    [Fact]
    public async Task Detokenize_Stream_EqualsTheDirectStream()
    {
        var random = new Random(3);
        var ids = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 16).Select(_ => (uint)random.Next(1 << TestModels.Bits)).ToArray()).ToList();
        var header = new TokenStreamHeader(TestModels.Bits, 4, 4) { LatentFrames = 3 };
        var direct = await Direct.DetokenizeAsync(services.Detokenizer.Address, new TokenHeader { CodebookBits = 6, Grid = new LatentGrid { Height = 4, Width = 4, Frames = 3 } }, ids);

        await using var frames = await Clients.Detokenizer.DetokenizeAsync(header, ids.Select((f, i) => new TokenFrame(i, f)).ToAsyncEnumerable()).Within();
        var received = await frames.ReadAllAsync().ReadAllWithinAsync();

        Assert.Equal(new VideoFormat(32, 32) { FrameCount = 9 }, frames.Format);
        Assert.Equal(9, received.Count);
        Assert.Equal(direct, TestVideo.Bytes(received));
    }

    [Fact]
    public async Task Generate_WithSeed_EqualsTheDirectGeneration()
    {
        var request = new GenerationRequest(2) { ClassId = 1, Options = new GenerationOptions { Seed = 5, Steps = 4 } };
        var (_, directIds) = await Direct.GenerateAsync(services.Generator.Address, new GenerateRequest
        {
            Condition = new GenerationCondition { ClassId = 1 },
            LatentFrames = 2,
            Sampling = new SamplingParameters { Seed = 5, Steps = 4 },
        });

        await using var generated = await Clients.Generator.GenerateAsync(request).Within();
        var received = await generated.ReadAllAsync().ReadAllWithinAsync();

        Assert.Equal(directIds, received.Select(t => t.Ids));
        Assert.Equal(5ul, generated.Seed);
        Assert.Equal((0L, 2L, 32L), (generated.Report!.PromptLatentFrames, generated.Report.GeneratedLatentFrames, generated.Report.GeneratedTokens));
        Assert.Equal(new TokenGeometry(8, 4, TemporalRule.Causal, 0), generated.Header.Geometry);
    }

    [Fact]
    public async Task Generate_WithoutSeed_ClientChoosesOneThatReproducesTheTokens()
    {
        var request = new GenerationRequest(1) { Options = new GenerationOptions { Steps = 4 } };
        await using var first = await Clients.Generator.GenerateAsync(request).Within();
        var tokens = await first.ReadAllAsync().ReadAllWithinAsync();

        await using var again = await Clients.Generator.GenerateAsync(request with { Options = request.Options with { Seed = first.Seed } }).Within();
        var repeated = await again.ReadAllAsync().ReadAllWithinAsync();

        Assert.Equal(tokens.Select(t => t.Ids), repeated.Select(t => t.Ids));
    }

    [Fact]
    public async Task Score_EqualsTheDirectScore()
    {
        var frame = new TokenFrame(0, [.. Enumerable.Range(0, 16).Select(i => (uint)(i * 3))]);
        var header = new TokenStreamHeader(TestModels.Bits, 4, 4);
        using var channel = GrpcChannel.ForAddress(services.Generator.Address);
        var request = new ScoreRequest { Header = new TokenHeader { CodebookBits = 6, Grid = new LatentGrid { Height = 4, Width = 4, Frames = 1 } } };
        request.Tokens.Add(Magvit.Contracts.TokenChunkCodec.Create(0, 0, 1, frame.Ids, 6, TokenEncoding.Packed));
        var direct = await new GeneratorService.GeneratorServiceClient(channel).ScoreAsync(request).ResponseAsync.Within();

        var score = await Clients.Generator.ScoreAsync(header, [frame]).Within();

        Assert.Equal(direct.LogProbs, score.LogProbs);
        Assert.Equal(direct.BitsPerToken, score.BitsPerToken);
    }

    [Fact]
    public async Task Tokenize_FramesNotMultiplesOfTheSpatialFactor_InvalidArgumentWithFieldViolations()
    {
        var frame = new RgbFrame(20, 20, new byte[20 * 20 * 3]);

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => Clients.Tokenizer.TokenizeAsync(VideoFrames.Of([frame])).Within());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations, v => v.Field == "header.frames.width");
    }

    [Fact]
    public async Task Detokenize_TokensOfOtherWeights_FailedPrecondition()
    {
        var header = new TokenStreamHeader(TestModels.Bits, 4, 4) { Model = new ModelIdentity("other", new string('e', 64)) };

        var error = await Assert.ThrowsAsync<MagvitClientException>(() => Clients.Detokenizer.DetokenizeAsync(header, AsyncEnumerable.Empty<TokenFrame>()).Within());

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task Detokenize_InputOutOfOrder_FailsWithTheCallersArgumentError()
    {
        var header = new TokenStreamHeader(TestModels.Bits, 4, 4);
        await using var frames = await Clients.Detokenizer.DetokenizeAsync(header, new[] { new TokenFrame(1, new uint[16]) }.ToAsyncEnumerable()).Within();

        await Assert.ThrowsAsync<ArgumentException>(() => frames.ReadAllAsync().ReadAllWithinAsync());
    }
}
