namespace Magvit.Model.Generation.Autoregressive;

/// <summary>Request checks against a model's limits; each exception names the offending field.</summary>
internal static class AutoregressiveRequests
{
    /// <summary>Throws <see cref="ArgumentException"/> for a request the model cannot serve.</summary>
    public static void Validate(GenerationRequest request, AutoregressiveConfig config)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Condition, nameof(request.Condition));
        ArgumentNullException.ThrowIfNull(request.Sampling, nameof(request.Sampling));
        ValidateGrid(request.Grid, config);
        ValidateClass(request.Condition.ClassId, config);
        request.Sampling.Validate();

        var prompt = request.Condition.PromptTokens ?? [];
        const string field = nameof(GenerationCondition.PromptTokens);
        if (prompt.Count % request.Grid.TokensPerFrame != 0)
        {
            throw Invalid(
                $"{field} holds {prompt.Count} tokens, not a whole number of {request.Grid.Height}×{request.Grid.Width} frames.", field);
        }

        if (prompt.Count >= request.Grid.Count)
        {
            throw Invalid(
                $"{field} holds {prompt.Count / request.Grid.TokensPerFrame} frame(s); the grid has {request.Grid.Frames}, so nothing would be generated.", field);
        }

        ValidateIds(prompt, config, field);
    }

    /// <summary>The grid must be positive and within the model's frames, rows and columns.</summary>
    public static void ValidateGrid(TokenGrid grid, AutoregressiveConfig config)
    {
        const string field = nameof(GenerationRequest.Grid);
        ArgumentNullException.ThrowIfNull(grid, field);
        if (grid.Frames < 1 || grid.Height < 1 || grid.Width < 1)
        {
            throw Invalid($"{field} needs positive sizes, got {Describe(grid)}.", field);
        }

        if (grid.Frames > config.MaxFrames || grid.Height > config.GridHeight || grid.Width > config.GridWidth)
        {
            throw Invalid(
                $"{field} {Describe(grid)} exceeds the model's {config.MaxFrames}×{config.GridHeight}×{config.GridWidth} (frames×rows×columns).", field);
        }
    }

    /// <summary>A class id must name a real class; null means unconditional.</summary>
    public static void ValidateClass(int? classId, AutoregressiveConfig config)
    {
        if (classId is { } id && (id < 0 || id >= config.ClassCount))
        {
            throw OutOfRange(
                nameof(GenerationCondition.ClassId), id, $"ClassId must be in [0, {config.ClassCount}) or null for unconditional generation.");
        }
    }

    /// <summary>Every id must be in [0, 2^K).</summary>
    public static void ValidateIds(IReadOnlyList<long> ids, AutoregressiveConfig config, string field)
    {
        var limit = config.Factorization().CodebookSize;
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] < 0 || ids[i] >= limit)
            {
                throw OutOfRange(field, ids[i], $"{field}[{i}] = {ids[i]} is outside [0, {limit}).");
            }
        }
    }

    // Request fields are not this class's parameters: the exceptions name the field the caller got wrong.
    private static ArgumentException Invalid(string message, string field) => new(message, field);

    private static ArgumentOutOfRangeException OutOfRange(string field, object value, string message) => new(field, value, message);

    private static string Describe(TokenGrid grid) => $"{grid.Frames}×{grid.Height}×{grid.Width}";
}
