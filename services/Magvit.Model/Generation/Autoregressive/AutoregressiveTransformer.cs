using Magvit.Model.Generation.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// Open-MAGVIT2's class-conditional autoregressive transformer with "next sub-token prediction". The sequence is
/// [class, token 0, …, token N−2], token n embedded as pre_emb(pre_n) + post_emb(post_n); causal
/// <c>spatial_blocks</c> turn it into contexts h_0…h_{N−1} (h_n predicts token n). For each position a short causal
/// sequence [h_n, pre_emb(pre_n)] goes through <c>factorized_blocks</c> and the shared final <c>norm</c>;
/// <c>head.0</c> reads step 0 (predicts pre_n), <c>head.1</c> step 1 (predicts post_n). With one part there is no
/// post_emb and the intra sequence is [h_n]. Field names are the checkpoint's, so state_dict keys match OM2's
/// (without the Lightning prefix <c>transformer.</c>).
/// </summary>
public sealed class AutoregressiveTransformer : nn.Module
{
    private readonly Embedding pre_emb;
    private readonly Embedding? post_emb;
    private readonly LabelEmbedder class_emb;
    private readonly ModuleList<TransformerBlock> spatial_blocks = new();
    private readonly ModuleList<TransformerBlock> factorized_blocks = new();
    private readonly RmsNorm norm;
    private readonly ModuleList<Linear> head = new();
    private readonly RotaryEmbedding rotary;

    /// <summary>A randomly initialised model for <paramref name="config"/>.</summary>
    public AutoregressiveTransformer(AutoregressiveConfig config)
        : base(nameof(AutoregressiveTransformer))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var factorization = config.Factorization();
        pre_emb = nn.Embedding(factorization.PartCodebookSize(0), config.Dim);
        post_emb = config.Parts > 1 ? nn.Embedding(factorization.PartCodebookSize(1), config.Dim) : null;
        class_emb = new LabelEmbedder(config.ClassCount, config.Dim, config.ClassDropout);
        var block = config.Block();
        for (var i = 0; i < config.SpatialLayers; i++)
        {
            spatial_blocks.Add(new TransformerBlock(block));
        }

        for (var i = 0; i < config.FactorizedLayers; i++)
        {
            factorized_blocks.Add(new TransformerBlock(block));
        }

        norm = new RmsNorm(config.Dim, config.NormEps);
        for (var part = 0; part < config.Parts; part++)
        {
            head.Add(nn.Linear(config.Dim, factorization.PartCodebookSize(part), hasBias: false));
        }

        rotary = new RotaryEmbedding(config.HeadDim, config.MaxFrames, config.GridHeight, config.GridWidth, config.RopeBase);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public AutoregressiveConfig Config { get; }

    /// <summary>The rotary table (not a parameter: rebuilt from the config, never saved).</summary>
    public RotaryEmbedding Rotary => rotary;

    /// <summary>Where the weights live.</summary>
    public Device Device => pre_emb.weight!.device;

    /// <summary>
    /// Teacher-forced logits, one tensor per head (B, N, V_k), for <paramref name="classIds"/> (B) and sub-token ids
    /// <paramref name="parts"/>[k] (B, N) of the first N tokens of <paramref name="grid"/> (the model's whole grid
    /// when null). <paramref name="observe"/> sees each block's input and output and the norm's
    /// ("spatial_blocks.0.in", "factorized_blocks.1.out", "norm.in", …).
    /// </summary>
    public Tensor[] Forward(Tensor classIds, IReadOnlyList<Tensor> parts, TokenGrid? grid = null, Action<string, Tensor>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        grid ??= new TokenGrid(Config.MaxFrames, Config.GridHeight, Config.GridWidth);
        var length = parts[0].shape[1];
        if (parts.Count != Config.Parts || length < 1 || length > grid.Count)
        {
            throw new ArgumentException(
                $"Expected {Config.Parts} part tensor(s) of 1 to {grid.Count} tokens, got {parts.Count} of {length}.", nameof(parts));
        }

        using var scope = NewDisposeScope();
        var freqs = PositionRows(grid).narrow(0, 0, length);                                     // (N, P, 2)
        var tokens = EmbedTokens([.. parts.Select(p => p.narrow(1, 0, length - 1))]);             // (B, N−1, D)
        var sequence = DropEmbeddings(cat([EmbedClass(classIds), tokens], 1));                    // (B, N, D)
        var context = Spatial(sequence, freqs, null, 0, observe);
        return [.. SubTokenLogits(context, parts, observe).Select(l => l.MoveToOuterDisposeScope())];
    }

    /// <summary>Class embeddings (B, 1, D) of ids (B); the null class is <see cref="AutoregressiveConfig.NullClass"/>.</summary>
    public Tensor EmbedClass(Tensor classIds) => class_emb.call(classIds).unsqueeze(1);

    /// <summary>Token embeddings (B, L, D): the sum over parts of each part's embedding of <paramref name="parts"/>[k] (B, L).</summary>
    public Tensor EmbedTokens(IReadOnlyList<Tensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var scope = NewDisposeScope();
        var sum = EmbedPart(0, parts[0]);
        for (var k = 1; k < parts.Count; k++)
        {
            sum = sum + EmbedPart(k, parts[k]);
        }

        return sum.MoveToOuterDisposeScope();
    }

    /// <summary>Embedding of sub-token ids of part <paramref name="part"/> (pre_emb for 0, post_emb for 1).</summary>
    public Tensor EmbedPart(int part, Tensor ids) => part switch
    {
        0 => pre_emb.call(ids),
        1 when post_emb is not null => post_emb.call(ids),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, $"The model has {Config.Parts} part(s)."),
    };

    /// <summary>
    /// The spatial stack over sequence positions [<paramref name="start"/>, start + L) of <paramref name="input"/>
    /// (B, L, D), with their rotary rows <paramref name="freqs"/> (L, P, 2); one cache per block, or none (then start
    /// is 0). Returns the un-normalised contexts (B, L, D).
    /// </summary>
    public Tensor Spatial(Tensor input, Tensor freqs, IReadOnlyList<KvCache>? caches, long start, Action<string, Tensor>? observe = null)
        => Stack(spatial_blocks, "spatial_blocks", input, freqs, caches, start, observe);

    /// <summary>
    /// The intra stack and the final norm over sub-token steps [<paramref name="start"/>, start + L) of
    /// <paramref name="input"/> (M, L, D); returns normalised states (M, L, D) for <see cref="Head"/>.
    /// </summary>
    public Tensor Factorized(Tensor input, IReadOnlyList<KvCache>? caches, long start, Action<string, Tensor>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var freqs = rotary.SubTokenRows(Config.Parts, input.device).narrow(0, start, input.shape[1]); // (L, P, 2)
        var h = Stack(factorized_blocks, "factorized_blocks", input, freqs, caches, start, observe);
        observe?.Invoke("norm.in", h);
        var normed = norm.call(h);
        observe?.Invoke("norm.out", normed);
        return normed.MoveToOuterDisposeScope();
    }

    /// <summary>Logits (…, V_k) of head <paramref name="part"/> on normalised states (…, D).</summary>
    public Tensor Head(int part, Tensor states) => head[part].call(states);

    /// <summary>
    /// Teacher-forced sub-token logits for contexts (B, N, D): position n's intra sequence is [h_n, part embeddings of
    /// its own parts 0…K−2]; returns one tensor per head, (B, N, V_k).
    /// </summary>
    public Tensor[] SubTokenLogits(Tensor context, IReadOnlyList<Tensor> parts, Action<string, Tensor>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parts);
        using var scope = NewDisposeScope();
        var (batch, length, dim) = (context.shape[0], context.shape[1], context.shape[2]);
        var steps = new List<Tensor> { context };
        steps.AddRange(Enumerable.Range(0, Config.Parts - 1).Select(k => EmbedPart(k, parts[k])));
        var sequence = stack(steps, 2).view(batch * length, Config.Parts, dim);                  // (B·N, K, D)
        var states = Factorized(sequence, null, 0, observe).view(batch, length, Config.Parts, dim);
        return [.. Enumerable.Range(0, Config.Parts).Select(k => Head(k, states.select(2, k)).MoveToOuterDisposeScope())];
    }

    /// <summary>Rotary rows of the sequence over <paramref name="grid"/>: (1 + grid.Count, P, 2), class row first.</summary>
    public Tensor PositionRows(TokenGrid grid) => rotary.Rows(grid, Device);

    /// <summary>One cache per spatial block for <paramref name="batch"/> rows and <paramref name="capacity"/> positions.</summary>
    public KvCache[] CreateSpatialCaches(long batch, long capacity) => CreateCaches(Config.SpatialLayers, batch, capacity);

    /// <summary>One cache per intra block for <paramref name="batch"/> rows (capacity: one step per part).</summary>
    public KvCache[] CreateSubTokenCaches(long batch) => CreateCaches(Config.FactorizedLayers, batch, Config.Parts);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rotary.Dispose();
        }

        base.Dispose(disposing);
    }

    private Tensor DropEmbeddings(Tensor embeddings)
        => training && Config.EmbeddingDropout > 0 ? nn.functional.dropout(embeddings, Config.EmbeddingDropout, training: true) : embeddings;

    private static Tensor Stack(
        ModuleList<TransformerBlock> blocks, string name, Tensor input, Tensor freqs, IReadOnlyList<KvCache>? caches, long start, Action<string, Tensor>? observe)
    {
        using var scope = NewDisposeScope();
        var h = input;
        for (var i = 0; i < blocks.Count; i++)
        {
            observe?.Invoke($"{name}.{i}.in", h);
            h = blocks[i].Apply(h, freqs, caches?[i], start);
            observe?.Invoke($"{name}.{i}.out", h);
        }

        return (blocks.Count == 0 ? input.alias() : h).MoveToOuterDisposeScope(); // never hand the caller's own tensor back
    }

    private KvCache[] CreateCaches(int layers, long batch, long capacity)
    {
        var weight = pre_emb.weight!;
        return [.. Enumerable.Range(0, layers).Select(_ => new KvCache(batch, Config.Heads, capacity, Config.HeadDim, weight.dtype, weight.device))];
    }
}
