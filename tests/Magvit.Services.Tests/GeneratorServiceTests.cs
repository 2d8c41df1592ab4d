using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>Generate, Score and GetModelInfo over real loopback sockets, for both kinds of token model.</summary>
[Collection(GeneratorServices.Name)]
public sealed class GeneratorServiceTests(GeneratorFixture generators)
{
    [Fact]
    public void GetModelInfo_AutoregressiveFolder_DescribesModelAndTokenizer()
    {
        var info = generators.AutoregressiveInfo;

        Assert.Equal(GenerationMode.Autoregressive, info.Mode);
        Assert.Equal((uint)TinyGenerators.Bits, info.CodebookBits);
        Assert.Equal((uint)TinyGenerators.Bits, (uint)info.FactorizedBits.Sum(b => b));
        Assert.Equal(64, info.Identity.WeightsSha256.Length);
        Assert.Equal(TinyGenerators.TokenizerSha256, info.Tokenizer.WeightsSha256);
        Assert.Equal(FrameRule.Causal, info.TokenizerGeometry.FrameRule);
        Assert.True(info.Parameters > 0);
    }

    [Fact]
    public async Task Generate_Autoregressive_StreamsHeaderFramesInOrderAndSummary()
    {
        var call = await GenerateCall.RunAsync(generators.AutoregressiveClient, Request(frames: 2, seed: 5));

        Assert.Equal(GenerateResponse.PayloadOneofCase.Header, call.Order[0]);
        Assert.Equal(GenerateResponse.PayloadOneofCase.Summary, call.Order[^1]);
        Assert.Equal(2ul, call.Header.Grid.Frames);
        Assert.Equal(TinyGenerators.TokenizerSha256, call.Header.Model.WeightsSha256);
        Assert.Equal([0ul, 1ul], call.Chunks.Select(c => c.FirstLatentFrame));
        Assert.Equal([0ul, 1ul], call.Chunks.Select(c => c.SequenceNumber));
        var perFrame = (int)(generators.AutoregressiveInfo.GridHeight * generators.AutoregressiveInfo.GridWidth);
        Assert.Equal(2 * perFrame, call.Tokens.Length);
        Assert.All(call.Tokens, id => Assert.True(id < 1u << TinyGenerators.Bits));
        Assert.Equal((ulong)(2 * perFrame), call.Summary.GeneratedTokens);
        Assert.Equal((ulong)(2 * perFrame), call.Summary.Steps);
        Assert.Equal(2ul, call.Summary.GeneratedLatentFrames);
    }

    [Fact]
    public async Task Generate_SameSeedTwice_SameTokens_OtherSeed_OtherTokens()
    {
        var first = await GenerateCall.RunAsync(generators.AutoregressiveClient, Request(frames: 2, seed: 9));
        var again = await GenerateCall.RunAsync(generators.AutoregressiveClient, Request(frames: 2, seed: 9));
        var other = await GenerateCall.RunAsync(generators.AutoregressiveClient, Request(frames: 2, seed: 10));

        Assert.Equal(first.Tokens, again.Tokens);
        Assert.NotEqual(first.Tokens, other.Tokens);
    }

    [Fact]
    public async Task Generate_WithPrompt_EchoesPromptFramesUnchangedThenGenerates()
    {
        var info = generators.AutoregressiveInfo;
        var perFrame = (int)(info.GridHeight * info.GridWidth);
        var prompt = Enumerable.Range(0, perFrame).Select(i => (uint)((i * 37) % (1 << TinyGenerators.Bits))).ToArray();
        var request = Request(frames: 1, seed: 3);
        request.Condition = GenerateCall.Prompt(prompt, 1, info.GridHeight, info.GridWidth, TinyGenerators.Bits);

        var call = await GenerateCall.RunAsync(generators.AutoregressiveClient, request);

        Assert.Equal(2ul, call.Header.Grid.Frames);
        Assert.Equal(prompt, call.Tokens[..perFrame]);
        Assert.Equal(1ul, call.Summary.PromptLatentFrames);
        Assert.Equal((ulong)perFrame, call.Summary.GeneratedTokens);
    }

    [Fact]
    public async Task Generate_StreamRows_RowsArriveBeforeTheirFrameAndMatchIt()
    {
        var request = Request(frames: 1, seed: 4);
        request.StreamRows = true;
        request.TokenEncoding = TokenEncoding.Uint32;

        var call = await GenerateCall.RunAsync(generators.AutoregressiveClient, request);

        var height = (int)generators.AutoregressiveInfo.GridHeight;
        Assert.Equal(Enumerable.Range(0, height).Select(r => (uint)r), call.Rows.SelectMany(r => Enumerable.Range((int)r.FirstRow, (int)r.RowCount).Select(x => (uint)x)));
        Assert.Equal(call.Tokens, call.Rows.SelectMany(r => r.TokenIds.Ids));
        var firstRow = call.Order.ToList().IndexOf(GenerateResponse.PayloadOneofCase.Rows);
        var firstChunk = call.Order.ToList().IndexOf(GenerateResponse.PayloadOneofCase.Tokens);
        Assert.True(firstRow < firstChunk, "The rows must stream before the frame they complete.");
    }

    [Fact]
    public async Task Generate_Masked_FramesAfterStepsEach()
    {
        var request = Request(frames: 2, seed: 6);
        request.Sampling.Steps = 3;
        request.Condition = new GenerationCondition { ClassId = 1 };

        var call = await GenerateCall.RunAsync(generators.MaskedClient, request);

        var perFrame = (int)(generators.MaskedInfo.GridHeight * generators.MaskedInfo.GridWidth);
        Assert.Equal(GenerationMode.Masked, generators.MaskedInfo.Mode);
        Assert.Equal(2, call.Chunks.Count);
        Assert.Equal(2 * perFrame, call.Tokens.Length);
        Assert.Equal(6ul, call.Summary.Steps);
        Assert.Empty(call.Rows);
    }

    [Fact]
    public async Task Generate_GreedyWithGuidance_Deterministic()
    {
        var request = Request(frames: 1, seed: 0);
        request.Sampling = new SamplingParameters { Greedy = true, GuidanceScale = 2f };
        request.Condition = new GenerationCondition { ClassId = 2 };

        var first = await GenerateCall.RunAsync(generators.AutoregressiveClient, request);
        request.Sampling.Seed = 99;
        var second = await GenerateCall.RunAsync(generators.AutoregressiveClient, request);

        Assert.Equal(first.Tokens, second.Tokens);
    }

    [Fact]
    public async Task Score_GeneratedTokens_OneLogProbPerTokenAndBitsAgree()
    {
        var generated = await GenerateCall.RunAsync(generators.AutoregressiveClient, Request(frames: 1, seed: 12));
        var request = new ScoreRequest { Header = generated.Header };
        request.Tokens.AddRange(generated.Chunks);

        var score = await generators.AutoregressiveClient.ScoreAsync(request).ResponseAsync.WaitAsync(ServiceHost.Timeout);

        Assert.Equal(generated.Tokens.Length, score.LogProbs.Count);
        Assert.All(score.LogProbs, lp => Assert.True(lp <= 0 && float.IsFinite(lp)));
        Assert.Equal(-score.LogProbs.Sum(lp => (double)lp) / Math.Log(2), score.TotalBits, 3);
        Assert.Equal(score.TotalBits / generated.Tokens.Length, score.BitsPerToken, 6);
    }

    [Fact]
    public async Task Score_GreedyTokens_MoreLikelyThanShuffledOnes()
    {
        var request = Request(frames: 1, seed: 0);
        request.Sampling = new SamplingParameters { Greedy = true };
        var greedy = await GenerateCall.RunAsync(generators.AutoregressiveClient, request);
        var shuffled = greedy.Tokens.Select((id, i) => (id + (uint)(i * 7919) + 1) % (1u << TinyGenerators.Bits)).ToArray();

        var greedyBits = await BitsAsync(greedy.Header, greedy.Tokens);
        var shuffledBits = await BitsAsync(greedy.Header, shuffled);

        Assert.True(greedyBits < shuffledBits, $"greedy {greedyBits:F1} bits, shuffled {shuffledBits:F1} bits");
    }

    private async Task<double> BitsAsync(TokenHeader header, uint[] ids)
    {
        var request = new ScoreRequest { Header = header };
        request.Tokens.Add(TokenChunkCodec.Create(0, 0, (uint)header.Grid.Frames, ids, (int)header.CodebookBits, TokenEncoding.Packed));
        return (await generators.AutoregressiveClient.ScoreAsync(request).ResponseAsync.WaitAsync(ServiceHost.Timeout)).TotalBits;
    }

    [Theory]
    [InlineData(1ul)]
    [InlineData(3ul)]
    public async Task Generate_StartLatentFrame_SendsTheUninterruptedStreamsChunksFromThere(ulong start)
    {
        var info = generators.AutoregressiveInfo;
        var prompt = Enumerable.Range(0, (int)(info.GridHeight * info.GridWidth)).Select(i => (uint)(i * 7)).ToArray();
        var request = Request(frames: 2, seed: 12);
        request.Condition = GenerateCall.Prompt(prompt, 1, info.GridHeight, info.GridWidth, TinyGenerators.Bits);
        var whole = await GenerateCall.RunAsync(generators.AutoregressiveClient, request);

        var resumedRequest = request.Clone();
        resumedRequest.StartLatentFrame = start;
        var resumed = await GenerateCall.RunAsync(generators.AutoregressiveClient, resumedRequest);

        Assert.Equal(whole.Header, resumed.Header);
        Assert.Equal(whole.Chunks.Skip((int)start), resumed.Chunks);
        await generators.AssertServingAndIdleAsync();
    }

    internal static GenerateRequest Request(uint frames, ulong seed) => new()
    {
        LatentFrames = frames,
        Sampling = new SamplingParameters { Seed = seed },
    };
}
