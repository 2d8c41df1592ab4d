using Magvit.Model.Quantization;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// <see cref="ITokenGenerator"/> over an <see cref="AutoregressiveTransformer"/>: KV-cached sampling one token after
/// the other in raster order (or full recomputation at every step when built with <c>useKvCache: false</c>), guidance
/// as one forward of a doubled batch, a seeded generator per request, a latent row reported at a time.
/// </summary>
public sealed class AutoregressiveGenerator : ITokenGenerator
{
    private readonly bool ownsModel;
    private readonly TokenFactorization factorization;

    /// <summary>
    /// Serves <paramref name="model"/> (switched to eval mode) on its device. <paramref name="useKvCache"/> false
    /// recomputes the whole prefix at every step (same tokens, for tests and benchmarks); <paramref name="ownsModel"/>
    /// disposes the model with the generator.
    /// </summary>
    public AutoregressiveGenerator(AutoregressiveTransformer model, bool useKvCache = true, bool ownsModel = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        model.eval();
        UsesKvCache = useKvCache;
        this.ownsModel = ownsModel;
        var config = model.Config;
        factorization = config.Factorization();
        Description = new GeneratorDescription
        {
            Kind = GeneratorKind.Autoregressive,
            Factorization = factorization,
            ClassCount = config.ClassCount,
            MaxFrames = config.MaxFrames,
            Height = config.GridHeight,
            Width = config.GridWidth,
            Parameters = model.parameters().Sum(p => p.numel()),
        };
    }

    /// <inheritdoc />
    public GeneratorDescription Description { get; }

    /// <summary>The served model.</summary>
    public AutoregressiveTransformer Model { get; }

    /// <summary>Whether steps reuse cached keys and values (false: the whole prefix is recomputed each step).</summary>
    public bool UsesKvCache { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Without a class the guidance pass is skipped: both halves would be the null class and give uncond + s·0.
    /// </remarks>
    public void Generate(GenerationRequest request, Action<GeneratedTokens> onTokens, CancellationToken cancellationToken)
    {
        AutoregressiveRequests.Validate(request, Model.Config);
        ArgumentNullException.ThrowIfNull(onTokens);
        cancellationToken.ThrowIfCancellationRequested();
        var (grid, condition, sampling) = request;
        var promptLength = condition.PromptTokens.Count;
        var guided = sampling.UsesGuidance && condition.ClassId is not null;
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        using var generator = TokenSampler.SeededGenerator(sampling.Seed, Model.Device);
        var classIds = tensor(new long[] { condition.ClassId ?? Model.Config.NullClass });
        var prompt = tensor([.. condition.PromptTokens], [1L, promptLength]);                  // (1, P)
        AutoregressiveDecoder.Decode(
            Model, grid, classIds, prompt, sampling, guided, UsesKvCache, generator,
            (first, ids) => onTokens(new GeneratedTokens(first, ids.cpu().data<long>().ToArray(), (int)(first + grid.Width - promptLength))),
            onStep: null,
            cancellationToken);
    }

    /// <inheritdoc />
    public float[] Score(TokenGrid grid, int? classId, IReadOnlyList<long> tokens, CancellationToken cancellationToken)
    {
        var config = Model.Config;
        AutoregressiveRequests.ValidateGrid(grid, config);
        AutoregressiveRequests.ValidateClass(classId, config);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count != grid.Count)
        {
            throw new ArgumentException($"{nameof(tokens)} holds {tokens.Count} ids; the grid has {grid.Count}.", nameof(tokens));
        }

        AutoregressiveRequests.ValidateIds(tokens, config, nameof(tokens));
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var ids = tensor([.. tokens], [1L, grid.Count], device: Model.Device);                  // (1, N)
        var parts = factorization.Split(ids);
        var logits = Model.Forward(tensor(new long[] { classId ?? config.NullClass }, device: Model.Device), parts, grid);
        var total = zeros([1L, grid.Count], device: Model.Device);
        for (var k = 0; k < parts.Length; k++)
        {
            total += logits[k].log_softmax(-1).gather(-1, parts[k].unsqueeze(-1)).squeeze(-1);   // log p(part k | prefix)
        }

        return total.cpu().data<float>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsModel)
        {
            Model.Dispose();
        }
    }
}
