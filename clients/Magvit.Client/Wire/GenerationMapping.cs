using V1 = Magvit.Contracts.V1;

namespace Magvit.Client.Wire;

/// <summary>Maps generation requests, model descriptions and reports between the facade's records and the contract.</summary>
internal static class GenerationMapping
{
    /// <summary>The request with <paramref name="seed"/> as its sampler seed (the client's choice when the caller made none).</summary>
    public static V1.GenerateRequest ToWire(GenerationRequest request, ulong seed, string streamId)
    {
        var options = request.Options;
        var sampling = new V1.SamplingParameters { TopK = (uint)options.TopK, Greedy = options.Greedy, Seed = seed };
        if (options.Temperature is { } temperature)
        {
            sampling.Temperature = temperature;
        }

        if (options.TopP is { } topP)
        {
            sampling.TopP = topP;
        }

        if (options.GuidanceScale is { } guidance)
        {
            sampling.GuidanceScale = guidance;
        }

        if (options.Steps is { } steps)
        {
            sampling.Steps = (uint)steps;
        }

        var condition = new V1.GenerationCondition();
        if (request.ClassId is { } classId)
        {
            condition.ClassId = (uint)classId;
        }

        if (request.Prompt is { } prompt)
        {
            condition.PromptHeader = HeaderMapping.ToWire(prompt.Header with { LatentFrames = prompt.Frames.Count });
            for (var i = 0; i < prompt.Frames.Count; i++)
            {
                condition.Prompt.Add(HeaderMapping.ToChunk((ulong)i, prompt.Frames[i], prompt.Header.CodebookBits));
            }
        }

        return new V1.GenerateRequest
        {
            Mode = (V1.GenerationMode)(int)options.Kind,
            Condition = condition,
            LatentFrames = (uint)request.LatentFrames,
            Sampling = sampling,
            TokenEncoding = V1.TokenEncoding.Packed,
            StreamId = streamId,
        };
    }

    public static GeneratorModelDescription FromWire(V1.GeneratorModelInfo info) => new(
        HeaderMapping.FromWire(info.Identity ?? new V1.ModelIdentity()),
        (GeneratorKind)(int)info.Mode,
        (int)info.CodebookBits,
        [.. info.FactorizedBits.Select(b => (int)b)],
        (int)info.ClassCount,
        (int)info.MaxLatentFrames,
        (int)info.GridHeight,
        (int)info.GridWidth,
        info.Tokenizer is { ModelId.Length: > 0 } or { WeightsSha256.Length: > 0 } ? HeaderMapping.FromWire(info.Tokenizer) : null,
        HeaderMapping.FromWireOrNull(info.TokenizerGeometry),
        (long)info.Parameters);

    public static GenerationReport FromWire(V1.GenerationSummary summary) => new(
        (long)summary.PromptLatentFrames,
        (long)summary.GeneratedLatentFrames,
        (long)summary.GeneratedTokens,
        (long)summary.Steps,
        summary.Elapsed?.ToTimeSpan() ?? TimeSpan.Zero,
        summary.TimeToFirstToken?.ToTimeSpan() ?? TimeSpan.Zero,
        summary.QueueTime?.ToTimeSpan() ?? TimeSpan.Zero);
}
