using static TorchSharp.torch;

namespace Magvit.Model.Generation.Transformer;

/// <summary>
/// Rotary positions over a latent grid, as Open-MAGVIT2 / LlamaGen build them: a table (1 + F·H·W, Dh/2, 2) of
/// (cos, sin) per rotary pair, whose row 0 — the class token — is all zeros (cos = sin = 0, which zeroes the class
/// token's q and k: a reference quirk kept for weight compatibility) and whose row 1 + n belongs to token n in raster
/// order. Pairs are interleaved (dims 2j, 2j+1) and split into axis groups, each rotating by its coordinate times
/// base^(−i/G) for the group's pair i of G: an image table (one frame) gives the first half of the pairs to the row
/// and the second to the column, exactly OM2's <c>precompute_freqs_cis_2d</c>; a video table (more than one frame)
/// puts a quarter of the pairs first for the frame index, then splits the rest between row and column.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor table;
    private readonly Lock gate = new();
    private Tensor? deviceTable;

    /// <summary>The table for heads of <paramref name="headDim"/> over <paramref name="frames"/> × <paramref name="height"/> × <paramref name="width"/>.</summary>
    public RotaryEmbedding(int headDim, int frames, int height, int width, double ropeBase)
    {
        var groups = PairGroups(headDim, frames);
        GroupPairs = groups;
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (!(ropeBase > 1) || double.IsInfinity(ropeBase))
        {
            throw new ArgumentOutOfRangeException(nameof(ropeBase), ropeBase, "The rotary base must be a finite number > 1.");
        }

        (HeadDim, Frames, Height, Width) = (headDim, frames, height, width);
        using (NewDisposeScope())
        {
            table = BuildTable(groups, frames, height, width, ropeBase).DetachFromDisposeScope();
        }
    }

    /// <summary>Width of one attention head; the table has HeadDim / 2 pairs.</summary>
    public int HeadDim { get; }

    /// <summary>Largest number of frames.</summary>
    public int Frames { get; }

    /// <summary>Grid rows.</summary>
    public int Height { get; }

    /// <summary>Grid columns.</summary>
    public int Width { get; }

    /// <summary>Rotary pairs per axis: time, row, column (time is 0 for one frame).</summary>
    public IReadOnlyList<int> GroupPairs { get; }

    /// <summary>The whole table on the CPU, (1 + Frames·Height·Width, HeadDim / 2, 2); [..., 0] = cos, [..., 1] = sin.</summary>
    public Tensor Table => table;

    /// <summary>
    /// Rows for a sequence over <paramref name="grid"/> (at most the table's size in every dimension): the class row,
    /// then each token of the grid in raster order at its own (frame, row, column); (1 + grid.Count, HeadDim / 2, 2).
    /// </summary>
    public Tensor Rows(TokenGrid grid, Device device)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Frames > Frames || grid.Height > Height || grid.Width > Width)
        {
            throw new ArgumentException(
                $"A {grid.Frames}×{grid.Height}×{grid.Width} grid exceeds the rotary table's {Frames}×{Height}×{Width}.", nameof(grid));
        }

        var source = TableOn(device);
        if (grid.Height == Height && grid.Width == Width)
        {
            return source.narrow(0, 0, 1 + grid.Count); // whole frames: a prefix of the table
        }

        using var scope = NewDisposeScope();
        var t = arange(grid.Frames, device: device).view(-1, 1, 1);
        var r = arange(grid.Height, device: device).view(1, -1, 1);
        var c = arange(grid.Width, device: device).view(1, 1, -1);
        var tokens = ((t * Height * Width) + (r * Width) + c + 1).flatten();   // table rows of the grid's tokens
        var rows = cat([zeros(1, dtype: ScalarType.Int64, device: device), tokens]);
        return source.index_select(0, rows).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The first <paramref name="count"/> rows — OM2's intra (sub-token) sequence uses <c>freqs_cis[:2]</c>: the zero
    /// class row, then the identity rotation of grid position (0, 0).
    /// </summary>
    public Tensor SubTokenRows(int count, Device device) => TableOn(device).narrow(0, 0, count);

    /// <summary>
    /// Rotates <paramref name="input"/> (B, L, H, Dh) by <paramref name="freqs"/> (L, Dh/2, 2): for each pair
    /// out[2j] = x[2j]·cos − x[2j+1]·sin, out[2j+1] = x[2j+1]·cos + x[2j]·sin, computed in float32.
    /// </summary>
    public static Tensor Apply(Tensor input, Tensor freqs)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(freqs);
        using var scope = NewDisposeScope();
        var (batch, length, heads, headDim) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        var pairs = input.to_type(ScalarType.Float32).reshape(batch, length, heads, headDim / 2, 2); // (B, L, H, P, 2)
        var f = freqs.view(1, length, 1, headDim / 2, 2);
        var (x0, x1) = (pairs.select(-1, 0), pairs.select(-1, 1));                                 // (B, L, H, P)
        var (cos, sin) = (f.select(-1, 0), f.select(-1, 1));                                       // (1, L, 1, P)
        var rotated = stack([(x0 * cos) - (x1 * sin), (x1 * cos) + (x0 * sin)], -1).flatten(3);    // (B, L, H, Dh)
        return rotated.to_type(input.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Rotary pairs per axis (time, row, column) for heads of <paramref name="headDim"/>: one frame gives
    /// [0, P/2, P/2] (OM2); more give time ⌊P/4⌋ and split the rest, the row taking the odd pair.
    /// </summary>
    public static int[] PairGroups(int headDim, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        if (headDim < 4 || headDim % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(headDim), headDim, "2-D rotary positions need a head width that is a multiple of 4.");
        }

        var pairs = headDim / 2;
        if (frames == 1)
        {
            return [0, pairs / 2, pairs / 2];
        }

        if (pairs < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(headDim), headDim, "3-D rotary positions need a head width of at least 8.");
        }

        var time = pairs / 4;
        var row = (pairs - time + 1) / 2;
        return [time, row, pairs - time - row];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        table.Dispose();
        lock (gate)
        {
            deviceTable?.Dispose();
        }
    }

    private Tensor TableOn(Device device)
    {
        if (device.type == TorchSharp.DeviceType.CPU)
        {
            return table;
        }

        lock (gate) // one model may serve several workers
        {
            if (deviceTable is null || deviceTable.device.type != device.type || deviceTable.device.index != device.index)
            {
                deviceTable?.Dispose();
                deviceTable = table.to(device).DetachFromDisposeScope();
            }

            return deviceTable;
        }
    }

    private static Tensor BuildTable(int[] groups, int frames, int height, int width, double ropeBase)
    {
        var position = arange((long)frames * height * width);
        Tensor[] coordinates = [position.floor_divide(height * width), position.floor_divide(width) % height, position % width]; // frame, row, column
        var angles = new List<Tensor>();
        for (var axis = 0; axis < groups.Length; axis++)
        {
            if (groups[axis] == 0)
            {
                continue;
            }

            // OM2's float32 arithmetic, group by group: 1 / base^(arange(0, 2G, 2) / 2G), then position ⊗ freqs.
            var span = 2 * groups[axis];
            var exponents = arange(0, span, 2).to_type(ScalarType.Float32) / span;
            var freqs = tensor((float)ropeBase).pow(exponents).reciprocal();                          // (G)
            angles.Add(outer(coordinates[axis].to_type(ScalarType.Float32), freqs));             // (N, G)
        }

        var angle = cat(angles, 1);                                                               // (N, P)
        var rows = stack([angle.cos(), angle.sin()], -1);                                         // (N, P, 2)
        return cat([zeros(1, angle.shape[1], 2), rows]);                                          // class row first
    }
}
