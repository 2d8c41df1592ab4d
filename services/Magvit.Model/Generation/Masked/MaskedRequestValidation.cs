namespace Magvit.Model.Generation.Masked;

/// <summary>Checks generation and scoring inputs against a model's limits; every exception names the offending field.</summary>
internal static class MaskedRequestValidation
{
    public static void Request(GenerationRequest request, MaskedTransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Grid, nameof(request.Grid));
        ArgumentNullException.ThrowIfNull(request.Condition, nameof(request.Condition));
        ArgumentNullException.ThrowIfNull(request.Sampling, nameof(request.Sampling));
        Grid(request.Grid, config, nameof(request.Grid));
        ClassId(request.Condition.ClassId, config, nameof(GenerationCondition.ClassId));
        var sampling = nameof(request.Sampling);
        try
        {
            request.Sampling.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"{sampling}.{e.ParamName}: {e.Message}", sampling, e);
        }

        var prompt = request.Condition.PromptTokens;
        var field = nameof(GenerationCondition.PromptTokens);
        if (prompt.Count % request.Grid.TokensPerFrame != 0)
        {
            throw new ArgumentException(
                $"{field} holds {prompt.Count} tokens, not a whole number of {request.Grid.TokensPerFrame}-token frames.", field);
        }

        if (prompt.Count / request.Grid.TokensPerFrame >= request.Grid.Frames)
        {
            throw new ArgumentException(
                $"{field} covers {prompt.Count / request.Grid.TokensPerFrame} frames; the grid has {request.Grid.Frames}, so nothing would be generated.", field);
        }

        Ids(prompt, config, field);
    }

    public static void Score(TokenGrid grid, int? classId, IReadOnlyList<long> tokens, MaskedTransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(tokens);
        Grid(grid, config, nameof(grid));
        ClassId(classId, config, nameof(classId));
        if (tokens.Count != grid.Count)
        {
            throw new ArgumentException($"{nameof(tokens)} holds {tokens.Count} ids; the {grid.Frames}×{grid.Height}×{grid.Width} grid needs {grid.Count}.", nameof(tokens));
        }

        Ids(tokens, config, nameof(tokens));
    }

    private static void Grid(TokenGrid grid, MaskedTransformerConfig config, string field)
    {
        if (grid.Frames < 1 || grid.Height < 1 || grid.Width < 1)
        {
            throw new ArgumentException($"{field} needs positive sizes, got {grid.Frames}×{grid.Height}×{grid.Width}.", field);
        }

        if (grid.Height != config.GridHeight || grid.Width != config.GridWidth)
        {
            throw new ArgumentException(
                $"{field} is {grid.Height}×{grid.Width} tokens per frame; the model covers {config.GridHeight}×{config.GridWidth}.", field);
        }

        if (grid.Frames > config.MaxFrames)
        {
            throw new ArgumentException($"{field} has {grid.Frames} frames; the model covers at most {config.MaxFrames}.", field);
        }
    }

    private static void ClassId(int? classId, MaskedTransformerConfig config, string field)
    {
        if (classId is { } id && (id < 0 || id >= config.ClassCount))
        {
            var range = config.ClassCount == 0 ? "the model is unconditional: use null" : $"ids are [0, {config.ClassCount}) or null";
            throw new ArgumentException($"{field} {id} is out of range; {range}.", field);
        }
    }

    private static void Ids(IReadOnlyList<long> ids, MaskedTransformerConfig config, string field)
    {
        var limit = 1L << config.TotalBits;
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] < 0 || ids[i] >= limit)
            {
                throw new ArgumentException($"{field}[{i}] = {ids[i]} is outside [0, 2^{config.TotalBits}).", field);
            }
        }
    }
}
