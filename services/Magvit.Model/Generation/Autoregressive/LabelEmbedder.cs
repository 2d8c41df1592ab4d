using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Magvit.Model.Generation.Autoregressive;

/// <summary>
/// Class embeddings (<c>LabelEmbedder</c>): <c>embedding_table</c> has one row per class plus a last row for the null
/// class (unconditional generation and the unconditional half of CFG). While training, labels are replaced by the null
/// class with probability <c>dropout</c>.
/// </summary>
public sealed class LabelEmbedder : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding_table;
    private readonly long nullClass;
    private readonly double dropout;

    /// <summary>A table for <paramref name="classCount"/> classes and the null class.</summary>
    public LabelEmbedder(long classCount, long dim, double dropout)
        : base(nameof(LabelEmbedder))
    {
        embedding_table = nn.Embedding(classCount + 1, dim);
        nullClass = classCount;
        this.dropout = dropout;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) // (B) class ids → (B, D)
    {
        if (!training || dropout <= 0)
        {
            return embedding_table.call(input);
        }

        using var scope = NewDisposeScope();
        var dropped = rand(input.shape, device: input.device).lt(dropout);
        var labels = where(dropped, full_like(input, nullClass), input);
        return embedding_table.call(labels).MoveToOuterDisposeScope();
    }
}
