namespace Magvit.Model.Weights.Pickle;

/// <summary>What a pickle may ask of its host: calling a named global, and resolving persistent ids.</summary>
internal interface IPickleResolver
{
    /// <summary>The result of calling <paramref name="callable"/> (REDUCE, NEWOBJ, INST, OBJ); never throws for unknown names.</summary>
    object? Call(PythonGlobal callable, object?[] args);

    /// <summary>The object a persistent id (PERSID / BINPERSID) stands for.</summary>
    object? PersistentLoad(object? pid);
}
