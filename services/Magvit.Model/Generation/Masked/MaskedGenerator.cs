using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// <see cref="ITokenGenerator"/> over a <see cref="MaskedTokenTransformer"/>. Frame by frame: prompt frames are kept
/// as given; each new latent frame f is decoded in <see cref="SamplingOptions.Steps"/> iterations over the sequence
/// [condition] + frames 0..f (later frames are not in the sequence, so its positions are the prefix of the model's
/// position table) and reported as one <see cref="GeneratedTokens"/>. An image is one frame. Owns the model.
/// </summary>
public sealed class MaskedGenerator : ITokenGenerator
{
    private readonly MaskedTokenTransformer model;
    private readonly MaskedDecoder decoder;

    /// <summary>A generator that takes ownership of <paramref name="model"/> and puts it in eval mode.</summary>
    public MaskedGenerator(MaskedTokenTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        model.eval();
        decoder = new MaskedDecoder(model);
        Description = new GeneratorDescription
        {
            Kind = GeneratorKind.Masked,
            Factorization = model.Factorization,
            ClassCount = model.Config.ClassCount,
            MaxFrames = model.Config.MaxFrames,
            Height = model.Config.GridHeight,
            Width = model.Config.GridWidth,
            Parameters = model.ParameterCount,
        };
    }

    /// <inheritdoc />
    public GeneratorDescription Description { get; }

    /// <summary>The model (owned by this generator).</summary>
    public MaskedTokenTransformer Model => model;

    /// <inheritdoc />
    /// <remarks>
    /// Guidance needs a class: with a null class the conditional and unconditional passes coincide, so guidance is
    /// skipped (one pass of batch 1). Greedy decoding also drops the Gumbel choice noise, so it ignores the seed.
    /// </remarks>
    public void Generate(GenerationRequest request, Action<GeneratedTokens> onTokens, CancellationToken cancellationToken)
    {
        MaskedRequestValidation.Request(request, model.Config);
        ArgumentNullException.ThrowIfNull(onTokens);
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var device = model.Device;
        var perFrame = request.Grid.TokensPerFrame;
        var sampling = request.Condition.ClassId is null ? request.Sampling with { GuidanceScale = 1.0 } : request.Sampling;
        var classIds = tensor(new long[] { request.Condition.ClassId ?? model.Config.NullClass }, device: device); // (1)
        var generator = new Generator(unchecked((ulong)request.Sampling.Seed), device);
        var sequence = zeros(1, request.Grid.Count, ScalarType.Int64, device); // (1, F·H·W)
        if (request.PromptFrames > 0)
        {
            sequence.narrow(1, 0, request.Condition.PromptTokens.Count).copy_(tensor(request.Condition.PromptTokens.ToArray(), device: device));
        }

        var steps = 0;
        for (var frame = request.PromptFrames; frame < request.Grid.Frames; frame++)
        {
            using var frameScope = NewDisposeScope();
            var start = (long)frame * perFrame;
            var context = sequence.narrow(1, 0, start); // (1, f·H·W)
            var given = zeros(1, perFrame, ScalarType.Bool, device);
            var decoded = decoder.DecodeFrame(context, zeros(1, perFrame, ScalarType.Int64, device), given, classIds, sampling, generator, cancellationToken);
            sequence.narrow(1, start, perFrame).copy_(decoded);
            steps += sampling.Steps;
            onTokens(new GeneratedTokens(start, decoded.cpu().data<long>().ToArray(), steps));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Masked models have no chain rule over single tokens, so the score is defined per frame: each token of frame f
    /// gets log p(its true sub-tokens) when the whole of frame f is masked and the true frames 0..f−1 are given (later
    /// frames absent), summed over sub-tokens; no guidance. One forward pass per frame.
    /// </remarks>
    public float[] Score(TokenGrid grid, int? classId, IReadOnlyList<long> tokens, CancellationToken cancellationToken)
    {
        MaskedRequestValidation.Score(grid, classId, tokens, model.Config);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var device = model.Device;
        var perFrame = grid.TokensPerFrame;
        var classIds = tensor(new long[] { classId ?? model.Config.NullClass }, device: device); // (1)
        var all = tensor(tokens.ToArray(), device: device).view(1, -1); // (1, F·H·W)
        var parts = model.Factorization.Split(all.view(-1)); // each (F·H·W)
        var scores = new float[grid.Count];
        for (var frame = 0; frame < grid.Frames; frame++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var frameScope = NewDisposeScope();
            var start = (long)frame * perFrame;
            var sequence = all.narrow(1, 0, start + perFrame); // (1, (f+1)·H·W)
            var mask = cat([zeros(1, start, ScalarType.Bool, device), ones(1, perFrame, ScalarType.Bool, device)], 1);
            var logits = model.Predict(sequence, mask, classIds, start); // each (1, H·W, V_part)
            var logProbability = zeros(perFrame, ScalarType.Float32, device);
            for (var part = 0; part < logits.Length; part++)
            {
                var truth = parts[part].narrow(0, start, perFrame).unsqueeze(1); // (H·W, 1)
                logProbability.add_(logits[part][0].log_softmax(-1).gather(1, truth).squeeze(1));
            }

            logProbability.cpu().data<float>().CopyTo(scores, (int)start);
        }

        return scores;
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => model.Dispose();
}
