using System.Collections.ObjectModel;
using static TorchSharp.torch;

namespace Magvit.Model.Quantization;

/// <summary>
/// Splits LFQ token ids into sub-tokens of consecutive bits, starting at the least significant bit (SV
/// <c>factorized_bits</c>): with [6, 12], pre = id &amp; 63 (channels 0–5) and post = id &gt;&gt; 6 (channels 6–17),
/// so id = pre + 64·post.
/// </summary>
public sealed class TokenFactorization
{
    private readonly int[] bits;
    private readonly int[] offsets;

    /// <summary>Creates a factorisation whose part i takes the next <paramref name="bits"/>[i] bits.</summary>
    public TokenFactorization(IReadOnlyList<int> bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        if (bits.Count == 0)
        {
            throw new ArgumentException("A factorisation needs at least one part.", nameof(bits));
        }

        if (bits.Any(b => b < 1))
        {
            throw new ArgumentException($"Every part needs at least one bit, got [{string.Join(", ", bits)}].", nameof(bits));
        }

        // The same limit as LookupFreeQuantizer, so any quantizer's ids can be factorised and nothing overflows.
        var total = bits.Sum(b => (long)b);
        if (total > 31)
        {
            throw new ArgumentException($"The parts total {total} bits; at most 31 are supported.", nameof(bits));
        }

        this.bits = [.. bits];
        offsets = new int[this.bits.Length];
        for (var i = 1; i < offsets.Length; i++)
        {
            offsets[i] = offsets[i - 1] + this.bits[i - 1];
        }

        TotalBits = (int)total;
        Bits = new ReadOnlyCollection<int>(this.bits);
    }

    /// <summary>Bits per part, least significant part first.</summary>
    public IReadOnlyList<int> Bits { get; }

    /// <summary>Sum of <see cref="Bits"/>; must equal the quantizer's bit count.</summary>
    public int TotalBits { get; }

    /// <summary>2^TotalBits, the size of the full codebook.</summary>
    public long CodebookSize => 1L << TotalBits;

    /// <summary>2^Bits[part], the vocabulary size of one part.</summary>
    public long PartCodebookSize(int part)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(part, bits.Length);
        return 1L << bits[part];
    }

    /// <summary>Splits int ids in [0, CodebookSize) into one int64 tensor per part, each shaped like the ids.</summary>
    public Tensor[] Split(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var full = TokenIds.RequireInRange(ids, CodebookSize, nameof(ids));
        var parts = new Tensor[bits.Length];
        for (var i = 0; i < bits.Length; i++)
        {
            var shift = tensor((long)offsets[i], device: full.device);
            var mask = tensor(PartCodebookSize(i) - 1, device: full.device);
            parts[i] = full.bitwise_right_shift(shift).bitwise_and(mask);
        }

        scope.MoveToOuter(parts);
        return parts;
    }

    /// <summary>Inverse of <see cref="Split"/>: parts of equal shape, part i in [0, 2^Bits[i]), to int64 ids.</summary>
    public Tensor Join(IReadOnlyList<Tensor> parts)
    {
        RequirePartCount(parts.Count, nameof(parts));
        using var scope = NewDisposeScope();
        Tensor? ids = null;
        for (var i = 0; i < bits.Length; i++)
        {
            if (!parts[i].shape.SequenceEqual(parts[0].shape))
            {
                throw new ArgumentException(
                    $"Part {i} has shape [{string.Join(", ", parts[i].shape)}]; part 0 has [{string.Join(", ", parts[0].shape)}].",
                    nameof(parts));
            }

            var part = TokenIds.RequireInRange(parts[i], PartCodebookSize(i), $"{nameof(parts)}[{i}]");
            var shifted = part.bitwise_left_shift(tensor((long)offsets[i], device: part.device));
            ids = ids is null ? shifted : ids.bitwise_or(shifted);
        }

        return ids!.MoveToOuterDisposeScope();
    }

    /// <summary>Scalar <see cref="Split"/>.</summary>
    public long[] SplitOne(long id)
    {
        if (id < 0 || id >= CodebookSize)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is outside [0, {CodebookSize}).");
        }

        return [.. bits.Select((b, i) => (id >> offsets[i]) & ((1L << b) - 1))];
    }

    /// <summary>Scalar <see cref="Join"/>.</summary>
    public long JoinOne(params ReadOnlySpan<long> parts)
    {
        RequirePartCount(parts.Length, nameof(parts));
        var id = 0L;
        for (var i = 0; i < bits.Length; i++)
        {
            if (parts[i] < 0 || parts[i] >= PartCodebookSize(i))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(parts), parts[i], $"Part {i} value {parts[i]} is outside [0, {PartCodebookSize(i)}).");
            }

            id |= parts[i] << offsets[i];
        }

        return id;
    }

    private void RequirePartCount(int count, string paramName)
    {
        if (count != bits.Length)
        {
            throw new ArgumentException($"Expected {bits.Length} parts, got {count}.", paramName);
        }
    }
}
