using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;

namespace Magvit.Services.Tests;

/// <summary>Bad Generate and Score input: INVALID_ARGUMENT naming the field (or the status that fits), and the service stays up.</summary>
[Collection(GeneratorServices.Name)]
public sealed class GeneratorServiceErrorTests(GeneratorFixture generators)
{
    public static TheoryData<string, string> BadSamplings => new()
    {
        { "steps=0", "sampling.steps" },
        { "guidance=25", "sampling.guidance_scale" },
        { "guidance=-1", "sampling.guidance_scale" },
        { "temperature=0", "sampling.temperature" },
        { "temperature=11", "sampling.temperature" },
        { "top_p=0", "sampling.top_p" },
        { "top_p=1.5", "sampling.top_p" },
    };

    [Theory]
    [MemberData(nameof(BadSamplings))]
    public async Task Generate_SamplingOutOfRange_InvalidArgumentOnTheField(string setting, string field)
    {
        var request = GeneratorServiceTests.Request(frames: 1, seed: 0);
        var (name, value) = (setting.Split('=')[0], float.Parse(setting.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
        _ = name switch
        {
            "steps" => request.Sampling.Steps = (uint)value,
            "guidance" => request.Sampling.GuidanceScale = value,
            "temperature" => request.Sampling.Temperature = value,
            _ => request.Sampling.TopP = value,
        };

        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.MaskedClient, request), field);

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_StartLatentFramePastTheStream_InvalidArgumentOnStartLatentFrame()
    {
        var request = GeneratorServiceTests.Request(frames: 2, seed: 0);
        request.StartLatentFrame = 3;

        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.AutoregressiveClient, request), "start_latent_frame");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_UnknownClass_InvalidArgumentOnClassId()
    {
        var request = GeneratorServiceTests.Request(frames: 1, seed: 0);
        request.Condition = new GenerationCondition { ClassId = generators.AutoregressiveInfo.ClassCount };

        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.AutoregressiveClient, request), "condition.class_id");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_BeyondTheContext_InvalidArgumentOnLatentFrames()
    {
        var request = GeneratorServiceTests.Request(frames: generators.AutoregressiveInfo.MaxLatentFrames + 1, seed: 0);

        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.AutoregressiveClient, request), "latent_frames");
        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.AutoregressiveClient, GeneratorServiceTests.Request(frames: 0, seed: 0)), "latent_frames");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_WrongMode_InvalidArgumentOnMode()
    {
        var request = GeneratorServiceTests.Request(frames: 1, seed: 0);
        request.Mode = GenerationMode.Masked;

        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.AutoregressiveClient, request), "mode");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_PromptIdBeyondTheCodebook_InvalidArgumentOnPrompt()
    {
        var info = generators.AutoregressiveInfo;
        var header = new TokenHeader { CodebookBits = info.CodebookBits, Grid = new LatentGrid { Frames = 1, Height = info.GridHeight, Width = info.GridWidth } };
        var ids = new uint[info.GridHeight * info.GridWidth];
        ids[3] = 1u << (int)info.CodebookBits;
        var request = GeneratorServiceTests.Request(frames: 1, seed: 0);
        request.Condition = new GenerationCondition { PromptHeader = header, Prompt = { new TokenChunk { LatentFrameCount = 1, TokenIds = new TokenIdList { Ids = { ids } } } } };

        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.AutoregressiveClient, request), "condition.prompt");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_PromptOfAnotherGrid_InvalidArgumentOnPromptGrid()
    {
        var info = generators.AutoregressiveInfo;
        var ids = new uint[(info.GridHeight + 1) * info.GridWidth];
        var request = GeneratorServiceTests.Request(frames: 1, seed: 0);
        request.Condition = GenerateCall.Prompt(ids, 1, info.GridHeight + 1, info.GridWidth, (int)info.CodebookBits);

        await RpcAssert.InvalidArgumentAsync(() => GenerateCall.RunAsync(generators.AutoregressiveClient, request), "condition.prompt_header.grid");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_PromptOfOtherTokenizerWeights_FailedPrecondition()
    {
        var info = generators.AutoregressiveInfo;
        var request = GeneratorServiceTests.Request(frames: 1, seed: 0);
        request.Condition = GenerateCall.Prompt(new uint[info.GridHeight * info.GridWidth], 1, info.GridHeight, info.GridWidth, (int)info.CodebookBits);
        request.Condition.PromptHeader.Model = new ModelIdentity { WeightsSha256 = new string('a', 64) };

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => GenerateCall.RunAsync(generators.AutoregressiveClient, request));

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Score_ChunksOutOfOrder_InvalidArgumentOnTheChunkField()
    {
        var info = generators.AutoregressiveInfo;
        var header = new TokenHeader { CodebookBits = info.CodebookBits, Grid = new LatentGrid { Frames = 2, Height = info.GridHeight, Width = info.GridWidth } };
        var ids = new uint[info.GridHeight * info.GridWidth];
        var request = new ScoreRequest { Header = header };
        request.Tokens.Add(TokenChunkCodec.Create(0, 0, 1, ids, (int)info.CodebookBits, TokenEncoding.Packed));
        request.Tokens.Add(TokenChunkCodec.Create(1, 0, 1, ids, (int)info.CodebookBits, TokenEncoding.Packed));

        await RpcAssert.InvalidArgumentAsync(() => generators.AutoregressiveClient.ScoreAsync(request).ResponseAsync, "tokens.first_latent_frame");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Score_NoTokens_InvalidArgumentOnTokens()
    {
        var info = generators.AutoregressiveInfo;
        var request = new ScoreRequest { Header = new TokenHeader { CodebookBits = info.CodebookBits, Grid = new LatentGrid { Height = info.GridHeight, Width = info.GridWidth } } };

        await RpcAssert.InvalidArgumentAsync(() => generators.AutoregressiveClient.ScoreAsync(request).ResponseAsync, "tokens");

        await generators.AssertServingAndIdleAsync();
    }

    [Fact]
    public async Task Generate_ExpectedOtherGeneratorWeights_FailedPrecondition()
    {
        var request = GeneratorServiceTests.Request(frames: 1, seed: 0);
        request.ExpectedModel = new ModelIdentity { WeightsSha256 = new string('b', 64) };

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => GenerateCall.RunAsync(generators.AutoregressiveClient, request));

        await generators.AssertServingAndIdleAsync();
    }
}
