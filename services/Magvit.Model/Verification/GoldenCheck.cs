namespace Magvit.Model.Verification;

/// <summary>One comparison against a reference array.</summary>
/// <param name="Name">What was compared, e.g. <c>video_reconstruction (batch ×2)</c>.</param>
/// <param name="MaxAbsError">Largest absolute difference (for ids: count of disallowed mismatches).</param>
/// <param name="Tolerance">Largest accepted value.</param>
/// <param name="Detail">Extra facts, e.g. how many ids differ only at near-zero latents.</param>
public sealed record GoldenCheck(string Name, double MaxAbsError, double Tolerance, string Detail = "")
{
    /// <summary>Whether the error is within tolerance.</summary>
    public bool Passed => MaxAbsError <= Tolerance;
}
