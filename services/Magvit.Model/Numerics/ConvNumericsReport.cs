namespace Magvit.Model.Numerics;

/// <summary>The conv numerics of one model config: a row per unique conv shape and batch size.</summary>
/// <param name="ConfigName">What was checked (a preset name, or a description).</param>
/// <param name="Rows">Unique shapes × batch sizes, in first-call order.</param>
public sealed record ConvNumericsReport(string ConfigName, IReadOnlyList<ConvNumericsRow> Rows)
{
    /// <summary>True when every guarded conv matches float64: the model computes what it should here.</summary>
    public bool Passed => Rows.All(r => r.Passed);

    /// <summary>Rows whose guarded result is wrong.</summary>
    public int GuardedFailures => Rows.Count(r => !r.Passed);

    /// <summary>Rows that plain libtorch conv2d gets wrong (0 on machines without the oneDNN defect).</summary>
    public int UnguardedFailures => Rows.Count(r => r.UnguardedFailed);
}
