using Magvit.Model.Generation.Transformer;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// The sampling loop of Open-MAGVIT2's <c>sample_Open_MAGVIT2</c>, for a batch: prompt tokens (if any) are prefilled
/// with the class token in one pass, then each position runs the spatial stack on one new input (KV-cached), a fresh
/// intra sequence samples pre and then post, and guidance combines the conditional and null-class halves of one
/// 2B-row batch per sub-token. Without the cache every step recomputes the whole prefix (for tests and benchmarks).
/// </summary>
internal static class AutoregressiveDecoder
{
    /// <summary>
    /// Generates tokens [P, N) of <paramref name="grid"/> after the prompt (B, P) of full ids for classes (B)
    /// (null-class ids allowed) and returns every full id, (B, N). <paramref name="onRow"/> receives each completed
    /// grid row (first raster index, ids (B, W)) that holds generated tokens.
    /// </summary>
    public static Tensor Decode(
        AutoregressiveTransformer model,
        TokenGrid grid,
        Tensor classIds,
        Tensor prompt,
        SamplingOptions sampling,
        bool guided,
        bool useKvCache,
        Generator? generator,
        Action<long, Tensor>? onRow,
        Action<AutoregressiveStep>? onStep,
        CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var config = model.Config;
        var factorization = config.Factorization();
        var (batch, count, promptLength) = (classIds.shape[0], (long)grid.Count, prompt.shape[1]);
        var device = model.Device;
        var parts = new Tensor[config.Parts];                                                     // K × (B, N)
        var promptParts = promptLength > 0 ? factorization.Split(prompt.to(device)) : null;
        for (var k = 0; k < parts.Length; k++)
        {
            parts[k] = zeros([batch, count], ScalarType.Int64, device);
            if (promptParts is not null)
            {
                parts[k].narrow(1, 0, promptLength).copy_(promptParts[k]);
            }
        }

        var rows = guided ? 2 * batch : batch;
        var classes = classIds.to(device);
        classes = guided ? cat([classes, full(batch, (long)config.NullClass, device: device)]) : classes; // (Bc): conditional rows first
        var freqs = model.PositionRows(grid);                                                     // (1 + N, P, 2)
        var spatial = useKvCache ? model.CreateSpatialCaches(rows, count) : null;
        var intra = useKvCache ? model.CreateSubTokenCaches(rows) : null;
        try
        {
            for (var position = promptLength; position < count; position++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var step = NewDisposeScope();
                var start = spatial is not null && position > promptLength ? position : 0;      // the prefill starts at 0
                var input = SpatialInput(model, classes, parts, start, position, guided);       // (Bc, position + 1 − start, D)
                var contexts = model.Spatial(input, freqs.narrow(0, start, position + 1 - start), spatial, start);
                var context = contexts.narrow(1, contexts.shape[1] - 1, 1);                    // (Bc, 1, D)
                var raw = new Tensor[config.Parts];
                var logits = new Tensor[config.Parts];
                var sampled = new List<Tensor>();
                for (var k = 0; k < config.Parts; k++)
                {
                    raw[k] = SubTokenLogits(model, context, sampled, k, intra);                  // (Bc, V_k)
                    logits[k] = guided ? TokenSampler.Guide(raw[k], sampling.GuidanceScale) : raw[k];
                    var ids = TokenSampler.Sample(logits[k], sampling, generator);               // (B)
                    parts[k].narrow(1, position, 1).copy_(ids.unsqueeze(1));
                    sampled.Add(guided ? cat([ids, ids]) : ids);                                 // the null half gets the same tokens
                }

                onStep?.Invoke(new AutoregressiveStep(position, context.squeeze(1), raw, logits));
                if ((position + 1) % grid.Width == 0)
                {
                    var first = position + 1 - grid.Width;
                    onRow?.Invoke(first, factorization.Join([.. parts.Select(p => p.narrow(1, first, grid.Width))]));
                }
            }
        }
        finally
        {
            Dispose(spatial);
            Dispose(intra);
        }

        return factorization.Join(parts).MoveToOuterDisposeScope();
    }

    /// <summary>Embeddings of sequence positions [start, position]: the class at 0, token s − 1 at s ≥ 1; (Bc, L, D).</summary>
    private static Tensor SpatialInput(AutoregressiveTransformer model, Tensor classes, Tensor[] parts, long start, long position, bool guided)
    {
        var pieces = new List<Tensor>();
        if (start == 0)
        {
            pieces.Add(model.EmbedClass(classes));                                                // (Bc, 1, D)
        }

        var first = Math.Max(start, 1) - 1;
        if (position > first)
        {
            var tokens = model.EmbedTokens([.. parts.Select(p => p.narrow(1, first, position - first))]); // (B, L', D)
            pieces.Add(guided ? cat([tokens, tokens]) : tokens);
        }

        return pieces.Count == 1 ? pieces[0] : cat(pieces, 1);
    }

    /// <summary>
    /// Head <paramref name="part"/>'s logits (Bc, V) at intra step <paramref name="part"/>, whose sequence is
    /// [h, emb_0(sampled 0), …]: one cached step (the caches start fresh at step 0), or the whole sequence without caches.
    /// </summary>
    private static Tensor SubTokenLogits(AutoregressiveTransformer model, Tensor context, List<Tensor> sampled, int part, KvCache[]? caches)
    {
        if (caches is not null)
        {
            if (part == 0)
            {
                Array.ForEach(caches, c => c.Reset());
            }

            var input = part == 0 ? context : model.EmbedPart(part - 1, sampled[part - 1].unsqueeze(1)); // (Bc, 1, D)
            return model.Head(part, model.Factorized(input, caches, part).squeeze(1));
        }

        var steps = new List<Tensor> { context };
        steps.AddRange(Enumerable.Range(0, part).Select(k => model.EmbedPart(k, sampled[k].unsqueeze(1))));
        return model.Head(part, model.Factorized(cat(steps, 1), null, 0).select(1, part));     // (Bc, V)
    }

    private static void Dispose(KvCache[]? caches)
    {
        foreach (var cache in caches ?? [])
        {
            cache.Dispose();
        }
    }
}
