using System.Text;

namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// The few standard-library callables whose results matter for reading checkpoints: containers (set, frozenset,
/// OrderedDict), bytes as protocol 2 spells them (<c>_codecs.encode(text, 'latin1')</c>), and
/// <c>copyreg._reconstructor</c>, whose placeholder is named after the class it rebuilds.
/// </summary>
internal static class PythonBuiltins
{
    public static bool TryCall(PythonGlobal callable, object?[] args, out object? result)
    {
        result = null;
        if (callable.IsBuiltin("set") || callable.IsBuiltin("frozenset"))
        {
            result = new List<object?>(Items(args));
        }
        else if (callable.IsBuiltin("bytearray") || callable.IsBuiltin("bytes") || callable.Is("_codecs", "encode"))
        {
            result = ToBytes(args);
        }
        else if (callable.Is("collections", "OrderedDict"))
        {
            result = ToDict(args);
        }
        else if (callable.Is("copyreg", "_reconstructor") || callable.Is("copy_reg", "_reconstructor"))
        {
            result = Reconstruct(args);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static IEnumerable<object?> Items(object?[] args) => args.Length > 0 && args[0] is IEnumerable<object?> items
        ? items
        : [];

    private static byte[] ToBytes(object?[] args) => args switch
    {
        [] => [],
        [byte[] bytes, ..] => [.. bytes],
        [string text] => Encoding.Latin1.GetBytes(text),
        [string text, string encoding, ..] => EncodingFor(encoding).GetBytes(text),
        [List<object?> values, ..] => [.. values.Select(v => Convert.ToByte(v, System.Globalization.CultureInfo.InvariantCulture))],
        _ => [],
    };

    private static Encoding EncodingFor(string name) => name.ToUpperInvariant().Replace("_", "-", StringComparison.Ordinal) switch
    {
        "UTF-8" or "UTF8" => Encoding.UTF8,
        "ASCII" => Encoding.ASCII,
        _ => Encoding.Latin1,
    };

    private static PickleDict ToDict(object?[] args)
    {
        var dict = new PickleDict();
        foreach (object? item in Items(args))
        {
            if (item is object?[] { Length: 2 } pair)
            {
                dict[pair[0]] = pair[1];
            }
        }

        return dict;
    }

    private static PythonObject Reconstruct(object?[] args)
    {
        // copyreg._reconstructor(cls, base, state): protocol 0/1 spelling of "new instance of cls".
        var type = args.Length > 0 && args[0] is PythonGlobal cls ? cls : new PythonGlobal("copyreg", "_reconstructor");
        var placeholder = new PythonObject(type, args.Length > 1 ? args[1..] : []);
        if (args.Length > 2 && args[2] is PickleDict items)
        {
            foreach (var (key, value) in items)
            {
                placeholder.Items[key] = value;
            }
        }

        return placeholder;
    }
}
