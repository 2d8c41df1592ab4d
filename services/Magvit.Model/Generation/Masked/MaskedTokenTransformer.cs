using Magvit.Model.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Masked;

/// <summary>
/// MAGVIT-v2's masked token transformer (BERT-style, bidirectional). The sequence is [condition token] + L tokens
/// in T·H·W raster order. A token's input is the sum of one embedding per sub-token part (each table has an extra
/// last row for [MASK]); the condition token comes from <c>class_emb</c> (ClassCount + 1 rows, the last = null class);
/// learned position embeddings cover the longest sequence and a shorter one (fewer frames) takes their prefix, so a
/// token keeps its position embedding whatever number of frames follows it. One linear head per part.
/// </summary>
public sealed class MaskedTokenTransformer : nn.Module<Tensor, Tensor, Tensor, Tensor[]>
{
    private readonly Embedding class_emb;
    private readonly ModuleList<Embedding> tok_emb = new();
    private readonly Parameter pos_emb;
    private readonly Dropout drop;
    private readonly ModuleList<MaskedTransformerBlock> blocks = new();
    private readonly LayerNorm ln_f;
    private readonly ModuleList<Linear> heads = new();
    private readonly long[] partDivisors;
    private readonly long[] partSizes;

    /// <summary>A randomly initialised model (normal(0, InitStd) embeddings and weights, zero biases).</summary>
    public MaskedTokenTransformer(MaskedTransformerConfig config)
        : base(nameof(MaskedTokenTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Factorization = config.CreateFactorization();
        partSizes = [.. Enumerable.Range(0, config.Parts).Select(Factorization.PartCodebookSize)];
        partDivisors = new long[config.Parts];
        for (var part = 0; part < config.Parts; part++)
        {
            partDivisors[part] = 1L << config.FactorizedBits.Take(part).Sum();
            tok_emb.Add(nn.Embedding(partSizes[part] + 1, config.Dim)); // last row = [MASK]
            heads.Add(nn.Linear(config.Dim, partSizes[part]));
        }

        class_emb = nn.Embedding(config.ClassCount + 1L, config.Dim); // last row = null class
        pos_emb = nn.Parameter(zeros(config.MaxSequenceLength, config.Dim));
        drop = nn.Dropout(config.Dropout);
        for (var layer = 0; layer < config.Layers; layer++)
        {
            blocks.Add(new MaskedTransformerBlock(config));
        }

        ln_f = nn.LayerNorm(config.Dim, config.NormEps);
        RegisterComponents();
        Initialize(config.InitStd);
    }

    /// <summary>The architecture.</summary>
    public MaskedTransformerConfig Config { get; }

    /// <summary>How full ids split into the parts this model embeds and predicts.</summary>
    public TokenFactorization Factorization { get; }

    /// <summary>The device the weights live on.</summary>
    public Device Device => pos_emb.device;

    /// <summary>Trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Per-part logits (B, L, V_part) for every token position; see <see cref="Predict"/>.</summary>
    public override Tensor[] forward(Tensor tokens, Tensor mask, Tensor classIds) => Predict(tokens, mask, classIds, 0);

    /// <summary>
    /// Per-part logits (B, L − <paramref name="outputStart"/>, V_part) for token positions from
    /// <paramref name="outputStart"/> on (the whole sequence is attended; only the heads are skipped before it).
    /// <paramref name="tokens"/> (B, L) int64 full ids — ignored where <paramref name="mask"/> (B, L) is true, those
    /// positions read [MASK]; <paramref name="classIds"/> (B) int64 in [0, ClassCount], ClassCount = null class.
    /// L ≤ MaxFrames·H·W.
    /// </summary>
    public Tensor[] Predict(Tensor tokens, Tensor mask, Tensor classIds, long outputStart)
    {
        CheckInputs(tokens, mask, classIds, outputStart);
        using var scope = NewDisposeScope();
        var length = tokens.shape[1];
        var x = Embed(tokens, mask, classIds); // (B, 1 + L, D)
        foreach (var block in blocks)
        {
            x = block.call(x);
        }

        var outputs = ln_f.call(x.narrow(1, 1 + outputStart, length - outputStart)); // (B, L − start, D)
        var logits = heads.Select(head => head.call(outputs)).ToArray(); // each (B, L − start, V_part)
        scope.MoveToOuter(logits);
        return logits;
    }

    private Tensor Embed(Tensor tokens, Tensor mask, Tensor classIds)
    {
        var ids = tokens.masked_fill(mask, 0); // masked positions may hold anything
        Tensor? sum = null;
        for (var part = 0; part < partSizes.Length; part++)
        {
            var sub = ids.floor_divide(partDivisors[part]).remainder(partSizes[part]).masked_fill(mask, partSizes[part]); // (B, L)
            var embedded = tok_emb[part].call(sub); // (B, L, D)
            sum = sum is null ? embedded : sum.add_(embedded);
        }

        var condition = class_emb.call(classIds).unsqueeze(1); // (B, 1, D)
        var sequence = cat([condition, sum!], 1); // (B, 1 + L, D)
        return drop.call(sequence + pos_emb.narrow(0, 0, sequence.shape[1]));
    }

    private void CheckInputs(Tensor tokens, Tensor mask, Tensor classIds, long outputStart)
    {
        if (tokens.dim() != 2 || !mask.shape.SequenceEqual(tokens.shape) || mask.dtype != ScalarType.Bool)
        {
            throw new ArgumentException($"Expected tokens (B, L) and a bool mask of the same shape, got [{string.Join(", ", tokens.shape)}] and {mask.dtype} [{string.Join(", ", mask.shape)}].", nameof(tokens));
        }

        if (tokens.shape[1] < 1 || tokens.shape[1] > Config.MaxSequenceLength - 1)
        {
            throw new ArgumentException($"Sequence length {tokens.shape[1]} is outside [1, {Config.MaxSequenceLength - 1}].", nameof(tokens));
        }

        if (classIds.dim() != 1 || classIds.shape[0] != tokens.shape[0])
        {
            throw new ArgumentException($"Expected class ids ({tokens.shape[0]}), got [{string.Join(", ", classIds.shape)}].", nameof(classIds));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(outputStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(outputStart, tokens.shape[1]);
    }

    private void Initialize(double std)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.StartsWith("ln_", StringComparison.Ordinal) || name.Contains(".ln_", StringComparison.Ordinal))
            {
                continue; // LayerNorms keep PyTorch's identity initialisation
            }

            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                nn.init.zeros_(parameter);
            }
            else
            {
                nn.init.normal_(parameter, 0.0, std);
            }
        }
    }
}
