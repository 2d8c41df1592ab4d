using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// MAGVIT's masked-token objective: per sample a mask ratio γ(r), r ~ U[0, 1) (<see cref="MaskSchedule"/>); that
/// fraction of the maskable positions (at least one) is replaced by [MASK] at random; the loss is the cross-entropy
/// with label smoothing on masked positions only ("mask" weighting), averaged over them and summed over sub-token
/// parts. Prompt frames stay unmasked (frame-prediction examples); class ids drop to the null class with a given
/// probability so one model learns both halves of classifier-free guidance.
/// </summary>
/// <remarks>
/// To train for frame-by-frame generation, which attends to [condition] + frames 0..f only, give grids cut after the
/// target frame (F = f + 1) with <c>promptFrames</c> = f: the same sequences and position prefixes decoding sees.
/// </remarks>
public sealed class MaskedTrainingObjective
{
    private readonly MaskedTokenTransformer model;

    /// <summary>The objective of <paramref name="model"/>; the caller chooses train or eval mode.</summary>
    public MaskedTrainingObjective(MaskedTokenTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
    }

    /// <summary>
    /// Loss of <paramref name="tokens"/> (B, F, H, W) int64 full ids under a fresh random mask.
    /// <paramref name="classIds"/> (B) int64 in [0, ClassCount] (ClassCount = null) or null for all-unconditional.
    /// Random draws (ratios, positions, class dropout) come from <paramref name="generator"/>, a CPU generator.
    /// </summary>
    public MaskedTrainingOutput Compute(Tensor tokens, Tensor? classIds, Generator? generator, int promptFrames = 0, double classDropout = 0.0)
    {
        var (batch, frames, perFrame) = CheckInputs(tokens, classIds, promptFrames, classDropout);
        using var scope = NewDisposeScope();
        var device = model.Device;
        var ids = tokens.reshape(batch, frames * perFrame).to(device); // (B, L)
        var classes = (classIds ?? full(batch, (long)model.Config.NullClass, ScalarType.Int64)).to_type(ScalarType.Int64).cpu();
        if (classDropout > 0)
        {
            var dropped = rand(batch, generator: generator).lt(classDropout); // (B)
            classes = classes.masked_fill(dropped, model.Config.NullClass);
        }

        var mask = DrawMask(batch, promptFrames * perFrame, (frames - promptFrames) * perFrame, generator).to(device); // (B, L)
        var logits = model.call(ids, mask, classes.to(device)); // each (B, L, V_part)
        var selected = mask.reshape(-1).nonzero().squeeze(1); // (M) flat indices of masked positions
        var parts = model.Factorization.Split(ids.reshape(-1).index_select(0, selected)); // each (M)
        Tensor? loss = null;
        Tensor? correct = null;
        for (var part = 0; part < logits.Length; part++)
        {
            var rows = logits[part].reshape(-1, logits[part].shape[^1]).index_select(0, selected); // (M, V_part)
            var partLoss = nn.functional.cross_entropy(rows, parts[part], label_smoothing: model.Config.LabelSmoothing);
            loss = loss is null ? partLoss : loss + partLoss;
            var hit = rows.detach().argmax(-1).eq(parts[part]);
            correct = correct is null ? hit : correct.logical_and(hit);
        }

        var accuracy = correct!.to_type(ScalarType.Float32).mean();
        return new MaskedTrainingOutput(loss!.MoveToOuterDisposeScope(), accuracy.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// (B, fixed + maskable) bool: the first <paramref name="fixedCount"/> positions never masked, then per row
    /// ⌊γ(r)·maskable⌋ (at least 1) positions chosen uniformly without replacement.
    /// </summary>
    private static Tensor DrawMask(long batch, long fixedCount, long maskable, Generator? generator)
    {
        var uniform = rand(batch, ScalarType.Float64, generator: generator).data<double>().ToArray();
        var counts = uniform.Select(u => (long)MaskSchedule.TrainingMaskCount(MaskSchedule.TrainingRatio(u), (int)maskable)).ToArray();
        var scores = rand(batch, maskable, generator: generator); // (B, maskable)
        var rank = scores.argsort(1, descending: false).argsort(1, descending: false);
        var chosen = rank.lt(tensor(counts).unsqueeze(1)); // (B, maskable)
        return cat([zeros(batch, fixedCount, ScalarType.Bool), chosen], 1);
    }

    private (long Batch, long Frames, long PerFrame) CheckInputs(Tensor tokens, Tensor? classIds, int promptFrames, double classDropout)
    {
        var config = model.Config;
        if (tokens.dim() != 4 || tokens.shape[2] != config.GridHeight || tokens.shape[3] != config.GridWidth)
        {
            throw new ArgumentException($"Expected tokens (B, F, {config.GridHeight}, {config.GridWidth}), got [{string.Join(", ", tokens.shape)}].", nameof(tokens));
        }

        if (tokens.shape[1] > config.MaxFrames)
        {
            throw new ArgumentException($"{tokens.shape[1]} frames exceed the model's {config.MaxFrames}.", nameof(tokens));
        }

        if (classIds is not null && (classIds.dim() != 1 || classIds.shape[0] != tokens.shape[0]))
        {
            throw new ArgumentException($"Expected class ids ({tokens.shape[0]}), got [{string.Join(", ", classIds.shape)}].", nameof(classIds));
        }

        if (promptFrames < 0 || promptFrames >= tokens.shape[1])
        {
            throw new ArgumentOutOfRangeException(nameof(promptFrames), promptFrames, $"Prompt frames must be in [0, {tokens.shape[1]}) so something is masked.");
        }

        if (classDropout is < 0 or > 1 || double.IsNaN(classDropout))
        {
            throw new ArgumentOutOfRangeException(nameof(classDropout), classDropout, "Class dropout must be a probability.");
        }

        return (tokens.shape[0], tokens.shape[1], tokens.shape[2] * tokens.shape[3]);
    }
}
