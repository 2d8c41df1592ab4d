using System.Collections;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// A Python dict as unpickled: insertion-ordered (state dicts are OrderedDicts and their order is meaningful), with
/// Python key semantics for the keys pickles use: None, tuples (compared element-wise), strings and numbers.
/// </summary>
internal sealed class PickleDict : IEnumerable<KeyValuePair<object?, object?>>
{
    private static readonly object NoneKey = new();
    private readonly OrderedDictionary<object, object?> items = new(KeyComparer.Instance);

    public int Count => items.Count;

    public IEnumerable<object?> Keys => items.Keys.Select(FromKey);

    public object? this[object? key]
    {
        set => items[ToKey(key)] = value;
    }

    public bool TryGetValue(object? key, out object? value) => items.TryGetValue(ToKey(key), out value);

    public IEnumerator<KeyValuePair<object?, object?>> GetEnumerator() =>
        items.Select(p => new KeyValuePair<object?, object?>(FromKey(p.Key), p.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static object ToKey(object? key) => key ?? NoneKey;

    private static object? FromKey(object key) => ReferenceEquals(key, NoneKey) ? null : key;

    /// <summary>Value equality for tuples (object[]) and numbers, as Python hashes them.</summary>
    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => (x, y) switch
        {
            (object?[] a, object?[] b) => a.Length == b.Length && a.Zip(b).All(p => Equals(p.First ?? NoneKey, p.Second ?? NoneKey)),
            (long a, double b) => a == b,
            (double a, long b) => a == b,
            _ => object.Equals(x, y),
        };

        public int GetHashCode(object obj) => obj switch
        {
            object?[] tuple => tuple.Aggregate(17, (h, e) => (h * 31) + GetHashCode(e ?? NoneKey)),
            double d when d == Math.Floor(d) && Math.Abs(d) < long.MaxValue => ((long)d).GetHashCode(),
            _ => obj.GetHashCode(),
        };
    }
}
