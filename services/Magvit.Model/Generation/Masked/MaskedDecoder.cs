using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// MaskGIT iterative parallel decoding of one target frame (or a whole image): every step samples all unknown
/// positions per sub-token, scores each by the sum of its sub-tokens' log-probabilities plus annealed Gumbel noise,
/// keeps the best and re-masks the lowest ⌊γ((t+1)/N)·N_maskable⌋ (<see cref="MaskSchedule"/>). Given tokens and
/// tokens kept at an earlier step score +∞ and are never re-masked; context tokens before the frame are never masked.
/// </summary>
public sealed class MaskedDecoder
{
    private readonly MaskedTokenTransformer model;

    /// <summary>A decoder over <paramref name="model"/>; the caller sets eval mode and the grad mode.</summary>
    public MaskedDecoder(MaskedTokenTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
    }

    /// <summary>
    /// Decodes <paramref name="frame"/> (B, N) full ids after <paramref name="context"/> (B, C) full ids (C may be 0)
    /// in <see cref="SamplingOptions.Steps"/> forward passes. Positions where <paramref name="given"/> (B, N) bool is
    /// true keep their token; the others are generated (their input values are ignored). <paramref name="classIds"/>
    /// (B) int64 in [0, ClassCount] (ClassCount = null class). With guidance the conditional rows and null-class rows
    /// run as one batch of 2B and are combined per part as uncond + s·(cond − uncond). Random draws (sampling, Gumbel
    /// noise) come from <paramref name="generator"/>, which lives on the model's device; greedy decoding draws nothing.
    /// Returns (B, N) int64 ids with every position filled.
    /// </summary>
    public Tensor DecodeFrame(
        Tensor context,
        Tensor frame,
        Tensor given,
        Tensor classIds,
        SamplingOptions sampling,
        Generator? generator,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        sampling.Validate();
        CheckShapes(context, frame, given, classIds);
        using var scope = NewDisposeScope();
        var device = model.Device;
        var (batch, length, start) = (frame.shape[0], frame.shape[1], context.shape[1]);
        var guided = sampling.UsesGuidance;
        var rows = guided ? 2 * batch : batch;
        var classes = guided ? cat([classIds.to(device), full(batch, (long)model.Config.NullClass, ScalarType.Int64, device)]) : classIds.to(device); // (rows)
        var contextRows = context.to(device).repeat(rows / batch, 1); // (rows, C)
        var contextMask = zeros(rows, start, ScalarType.Bool, device);
        var ids = frame.to(device).masked_fill(given.to(device).logical_not(), 0); // (B, N)
        var masked = given.to(device).logical_not(); // (B, N) true = still to decode
        var counts = ScheduleCounts(masked, sampling.Steps, device); // (Steps, B)
        for (var step = 0; step < sampling.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stepScope = NewDisposeScope();
            var tokens = cat([contextRows, ids.repeat(rows / batch, 1)], 1); // (rows, C + N)
            var mask = cat([contextMask, masked.repeat(rows / batch, 1)], 1);
            var logits = model.Predict(tokens, mask, classes, start); // each (rows, N, V_part)
            var (sampled, logProbability) = SampleParts(logits, sampling, generator, batch, length); // (B, N) each
            var newIds = ids.where(masked.logical_not(), sampled);
            var confidence = logProbability;
            var annealing = sampling.ChoiceTemperature * (1.0 - ((step + 1.0) / sampling.Steps));
            if (!sampling.Greedy && annealing > 0)
            {
                confidence = confidence + (Gumbel(confidence.shape, generator, device) * annealing);
            }

            confidence = confidence.masked_fill(masked.logical_not(), double.PositiveInfinity); // fixed tokens are never re-masked
            var rank = confidence.argsort(1, descending: false).argsort(1, descending: false); // (B, N) 0 = least confident
            var newMasked = rank.lt(counts[step].unsqueeze(1));
            ids.copy_(newIds);
            masked.copy_(newMasked);
        }

        return ids.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Samples every position's sub-tokens from (guided) logits; returns full ids (B, N) and the sum over parts of
    /// each drawn sub-token's log-probability under the guided, temperature-scaled (unfiltered) distribution.
    /// </summary>
    private (Tensor Ids, Tensor LogProbability) SampleParts(Tensor[] logits, SamplingOptions sampling, Generator? generator, long batch, long length)
    {
        var ids = zeros(batch * length, ScalarType.Int64, model.Device);
        var logProbability = zeros(batch * length, ScalarType.Float32, model.Device);
        var multiplier = 1L;
        for (var part = 0; part < logits.Length; part++)
        {
            var flat = logits[part].reshape(-1, logits[part].shape[^1]); // (rows·N, V): conditional rows first
            var guided = sampling.UsesGuidance ? TokenSampler.Guide(flat, sampling.GuidanceScale) : flat; // (B·N, V)
            var drawn = TokenSampler.Sample(guided, sampling, generator); // (B·N)
            var logSoftmax = (guided / sampling.Temperature).log_softmax(-1);
            logProbability.add_(logSoftmax.gather(1, drawn.unsqueeze(1)).squeeze(1).to_type(ScalarType.Float32));
            ids.add_(drawn * multiplier);
            multiplier *= model.Factorization.PartCodebookSize(part);
        }

        return (ids.view(batch, length), logProbability.view(batch, length));
    }

    /// <summary>Standard Gumbel noise −log(−log u), u ~ U(0, 1).</summary>
    private static Tensor Gumbel(long[] shape, Generator? generator, Device device)
    {
        var uniform = rand(shape, ScalarType.Float32, device, generator: generator).clamp(1e-20, 1.0 - 1e-7);
        return uniform.log().neg().log().neg();
    }

    /// <summary>(Steps, B) masked counts after each step, per row from that row's number of positions to decode.</summary>
    private static Tensor ScheduleCounts(Tensor masked, int steps, Device device)
    {
        var maskable = masked.sum(1, type: ScalarType.Int64).cpu().data<long>().ToArray();
        var counts = new long[steps * maskable.Length];
        for (var row = 0; row < maskable.Length; row++)
        {
            var perStep = MaskSchedule.DecodingCounts(steps, (int)maskable[row]);
            for (var step = 0; step < steps; step++)
            {
                counts[(step * maskable.Length) + row] = perStep[step];
            }
        }

        return tensor(counts, [steps, maskable.Length], device: device);
    }

    private void CheckShapes(Tensor context, Tensor frame, Tensor given, Tensor classIds)
    {
        if (frame.dim() != 2 || context.dim() != 2 || context.shape[0] != frame.shape[0])
        {
            throw new ArgumentException($"Expected context (B, C) and frame (B, N), got [{string.Join(", ", context.shape)}] and [{string.Join(", ", frame.shape)}].", nameof(frame));
        }

        if (!given.shape.SequenceEqual(frame.shape) || given.dtype != ScalarType.Bool)
        {
            throw new ArgumentException($"Expected a bool given-mask shaped like the frame, got {given.dtype} [{string.Join(", ", given.shape)}].", nameof(given));
        }

        if (classIds.dim() != 1 || classIds.shape[0] != frame.shape[0])
        {
            throw new ArgumentException($"Expected class ids ({frame.shape[0]}), got [{string.Join(", ", classIds.shape)}].", nameof(classIds));
        }

        if (context.shape[1] + frame.shape[1] > model.Config.MaxSequenceLength - 1)
        {
            throw new ArgumentException($"Context {context.shape[1]} + frame {frame.shape[1]} tokens exceed the model's {model.Config.MaxSequenceLength - 1} positions.", nameof(frame));
        }
    }
}
