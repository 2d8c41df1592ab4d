namespace Magvit.Model.Weights.Pickle;

/// <summary>A class or function named by a pickle (GLOBAL / STACK_GLOBAL), never imported or executed.</summary>
internal sealed record PythonGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";

    public bool Is(string module, string name) => Module == module && Name == name;

    /// <summary>Matches a builtin under its Python 3 module or the Python 2 name protocol ≤ 2 pickles use.</summary>
    public bool IsBuiltin(string name) => Name == name && Module is "builtins" or "__builtin__";
}
