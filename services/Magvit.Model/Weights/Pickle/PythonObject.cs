namespace Magvit.Model.Weights.Pickle;

/// <summary>
/// An inert stand-in for an instance of a class the reader does not know (Lightning's AttributeDict, an OmegaConf
/// DictConfig, argparse.Namespace, ...). It keeps what the pickle said about the object (constructor arguments,
/// BUILD state, dict and list items) so diagnostics can show it, but nothing is ever run.
/// </summary>
internal sealed class PythonObject(PythonGlobal type, IReadOnlyList<object?> args)
{
    public PythonGlobal Type { get; } = type;

    /// <summary>Arguments of the REDUCE / NEWOBJ call that created the object.</summary>
    public IReadOnlyList<object?> Args { get; } = args;

    /// <summary>The BUILD state (often a <see cref="PickleDict"/> of attributes), or null.</summary>
    public object? State { get; set; }

    /// <summary>Items set with SETITEM(S), as for a dict subclass.</summary>
    public PickleDict Items { get; } = new();

    /// <summary>Items added with APPEND(S) or ADDITEMS, as for a list or set subclass.</summary>
    public List<object?> ListItems { get; } = [];

    public override string ToString() => $"<{Type} object>";
}
