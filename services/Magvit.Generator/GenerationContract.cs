using Grpc.Core;
using Magvit.Contracts;
using Magvit.Contracts.V1;
using Magvit.Hosting;
using Magvit.Model.Generation;

namespace Magvit.Generator;

/// <summary>
/// Validates generator requests against what is served, naming the offending field, and maps them to the model
/// library's records (and what is served back to contract messages).
/// </summary>
internal static class GenerationContract
{
    public const float MaxTemperature = 10f;
    public const float MaxGuidance = 20f;
    public const uint MaxSteps = 64;

    /// <summary>What an unset sampling field means: the model library's defaults, stated once.</summary>
    private static readonly SamplingOptions DefaultSampling = new();

    /// <summary>The runtime request for a Generate call; throws <see cref="RequestValidationException"/> or FAILED_PRECONDITION.</summary>
    public static GenerationRequest ToRequest(GenerateRequest request, ServedGenerator served)
    {
        var d = served.Description;
        RequireIdentity(request.ExpectedModel, served);
        var kind = ToKind(request.Mode);
        if (kind is { } wanted && wanted != d.Kind)
        {
            throw new RequestValidationException("mode", $"this server serves a {d.Kind} model, not {wanted}");
        }

        var condition = request.Condition ?? new Contracts.V1.GenerationCondition();
        var classId = ClassId(condition.HasClassId ? condition.ClassId : null, "condition.class_id", d);
        var prompt = ReadPrompt(condition, served);
        var promptFrames = prompt.Length / (d.Height * d.Width);
        if (request.LatentFrames == 0)
        {
            throw new RequestValidationException("latent_frames", "must be ≥ 1");
        }

        if ((ulong)promptFrames + request.LatentFrames > (ulong)d.MaxFrames)
        {
            throw new RequestValidationException("latent_frames", $"{promptFrames} prompt + {request.LatentFrames} generated latent frames exceed the model's context of {d.MaxFrames}");
        }

        var grid = new TokenGrid(promptFrames + (int)request.LatentFrames, d.Height, d.Width);
        var modelCondition = new Model.Generation.GenerationCondition { ClassId = classId, PromptTokens = prompt };
        return new GenerationRequest(grid, modelCondition, ToSampling(request.Sampling ?? new SamplingParameters()));
    }

    /// <summary>The grid and ids of a Score call.</summary>
    public static (TokenGrid Grid, int? ClassId, long[] Tokens) ToScore(ScoreRequest request, ServedGenerator served)
    {
        var d = served.Description;
        RequireIdentity(request.ExpectedModel, served);
        var classId = ClassId(request.HasClassId ? request.ClassId : null, "class_id", d);
        var header = RequireHeader(request.Header, "header", served);
        var tokens = ReadChunks(header, request.Tokens, "tokens");
        var frames = tokens.Length / (d.Height * d.Width);
        if (frames > d.MaxFrames)
        {
            throw new RequestValidationException("tokens", $"{frames} latent frames exceed the model's context of {d.MaxFrames}");
        }

        return (new TokenGrid(frames, d.Height, d.Width), classId, tokens);
    }

    /// <summary>The header of a generated stream of <paramref name="latentFrames"/> latent frames.</summary>
    public static TokenHeader Header(ServedGenerator served, int latentFrames)
    {
        var d = served.Description;
        return new TokenHeader
        {
            CodebookBits = (uint)d.Factorization.TotalBits,
            Grid = new LatentGrid { Frames = (ulong)latentFrames, Height = (uint)d.Height, Width = (uint)d.Width },
            RasterOrder = RasterOrder.TimeRowColumn,
            BitOrder = TokenBitOrder.LsbFirst,
            Model = TokenizerIdentity(served),
            Geometry = TokenizerGeometry(served),
        };
    }

    /// <summary>GetModelInfo's answer.</summary>
    public static GeneratorModelInfo ModelInfo(ServedGenerator served)
    {
        var d = served.Description;
        var info = new GeneratorModelInfo
        {
            Identity = new ModelIdentity { ModelId = served.ModelId, WeightsSha256 = served.WeightsSha256 },
            Mode = d.Kind == GeneratorKind.Masked ? GenerationMode.Masked : GenerationMode.Autoregressive,
            CodebookBits = (uint)d.Factorization.TotalBits,
            ClassCount = (uint)d.ClassCount,
            MaxLatentFrames = (uint)d.MaxFrames,
            GridHeight = (uint)d.Height,
            GridWidth = (uint)d.Width,
            Tokenizer = TokenizerIdentity(served),
            TokenizerGeometry = TokenizerGeometry(served),
            Parameters = (ulong)d.Parameters,
        };
        info.FactorizedBits.AddRange(d.Factorization.Bits.Select(b => (uint)b));
        return info;
    }

    private static GeneratorKind? ToKind(GenerationMode mode) => mode switch
    {
        GenerationMode.Unspecified => null,
        GenerationMode.Masked => GeneratorKind.Masked,
        GenerationMode.Autoregressive => GeneratorKind.Autoregressive,
        _ => throw new RequestValidationException("mode", $"unknown generation mode {(int)mode}"),
    };

    private static SamplingOptions ToSampling(SamplingParameters p)
    {
        var temperature = p.HasTemperature ? p.Temperature : (float)DefaultSampling.Temperature;
        if (!(temperature > 0 && temperature <= MaxTemperature))
        {
            throw new RequestValidationException("sampling.temperature", $"must be in (0, {MaxTemperature}], got {temperature}");
        }

        var topP = p.HasTopP ? p.TopP : (float)DefaultSampling.TopP;
        if (!(topP > 0 && topP <= 1))
        {
            throw new RequestValidationException("sampling.top_p", $"must be in (0, 1], got {topP}");
        }

        var guidance = p.HasGuidanceScale ? p.GuidanceScale : (float)DefaultSampling.GuidanceScale;
        if (!(guidance >= 0 && guidance <= MaxGuidance))
        {
            throw new RequestValidationException("sampling.guidance_scale", $"must be in [0, {MaxGuidance}], got {guidance}");
        }

        var steps = p.HasSteps ? p.Steps : (uint)DefaultSampling.Steps;
        if (steps is 0 or > MaxSteps)
        {
            throw new RequestValidationException("sampling.steps", $"must be in 1 … {MaxSteps}, got {steps}");
        }

        if (p.TopK > int.MaxValue)
        {
            throw new RequestValidationException("sampling.top_k", $"must be ≤ {int.MaxValue}");
        }

        return new SamplingOptions
        {
            Temperature = temperature,
            TopK = (int)p.TopK,
            TopP = topP,
            GuidanceScale = guidance,
            Greedy = p.Greedy,
            Seed = unchecked((long)p.Seed),
            Steps = (int)steps,
        };
    }

    private static int? ClassId(uint? classId, string field, GeneratorDescription d)
    {
        if (classId is not { } id)
        {
            return null;
        }

        return id < (uint)d.ClassCount
            ? (int)id
            : throw new RequestValidationException(field, d.ClassCount == 0 ? "this model is unconditional: leave the class unset" : $"must be < {d.ClassCount} (the model's classes), got {id}");
    }

    private static long[] ReadPrompt(Contracts.V1.GenerationCondition condition, ServedGenerator served)
    {
        if (condition.PromptHeader is null)
        {
            return condition.Prompt.Count == 0 ? [] : throw new RequestValidationException("condition.prompt_header", "is required with prompt tokens");
        }

        var header = RequireHeader(condition.PromptHeader, "condition.prompt_header", served);
        return ReadChunks(header, condition.Prompt, "condition.prompt");
    }

    private static TokenHeader RequireHeader(TokenHeader? header, string field, ServedGenerator served)
    {
        if (header is null)
        {
            throw new RequestValidationException(field, "is required");
        }

        var d = served.Description;
        if (header.CodebookBits != (uint)d.Factorization.TotalBits)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}.codebook_bits is {header.CodebookBits}; this server's model uses {d.Factorization.TotalBits}-bit tokens."));
        }

        if (header.Model is { WeightsSha256.Length: > 0 } model && served.Tokenizer is { WeightsSha256.Length: > 0 } tokenizer
            && !string.Equals(model.WeightsSha256, tokenizer.WeightsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}.model names tokenizer weights {model.WeightsSha256}; this generator was trained on {tokenizer.WeightsSha256} ({tokenizer.ModelId})."));
        }

        if (header.Grid is not { } grid || grid.Height != (uint)d.Height || grid.Width != (uint)d.Width)
        {
            throw new RequestValidationException($"{field}.grid", $"must be {d.Height}×{d.Width} tokens per latent frame (the model's grid), got {header.Grid?.Height ?? 0}×{header.Grid?.Width ?? 0}");
        }

        if (header.RasterOrder is not (RasterOrder.Unspecified or RasterOrder.TimeRowColumn) || header.BitOrder is not (TokenBitOrder.Unspecified or TokenBitOrder.LsbFirst))
        {
            throw new RequestValidationException($"{field}.raster_order", "only TIME_ROW_COLUMN raster order and LSB_FIRST bit order exist");
        }

        return header;
    }

    private static long[] ReadChunks(TokenHeader header, IReadOnlyList<TokenChunk> chunks, string field)
    {
        var sequence = new TokenChunkSequence(header);
        var ids = new List<long>();
        try
        {
            foreach (var chunk in chunks)
            {
                ids.AddRange(sequence.Accept(chunk).Select(id => (long)id));
            }

            sequence.Complete();
        }
        catch (ContractViolationException e)
        {
            throw new RequestValidationException(e.Field == "tokens" ? field : $"{field}.{e.Field}", e);
        }

        return [.. ids];
    }

    private static void RequireIdentity(ModelIdentity? expected, ServedGenerator served)
    {
        if (expected is { WeightsSha256.Length: > 0 } && !string.Equals(expected.WeightsSha256, served.WeightsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The request expects generator weights {expected.WeightsSha256}; this server has {served.WeightsSha256} ({served.ModelId})."));
        }
    }

    private static ModelIdentity TokenizerIdentity(ServedGenerator served)
        => served.Tokenizer is { } t ? new ModelIdentity { ModelId = t.ModelId, WeightsSha256 = t.WeightsSha256 } : new ModelIdentity();

    private static TokenizerGeometry TokenizerGeometry(ServedGenerator served)
        => served.Tokenizer is { } t ? ContractMapping.Geometry(t.Kind, t.SpatialFactor, t.TemporalFactor) : new TokenizerGeometry();
}
