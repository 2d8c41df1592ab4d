namespace Magvit.Model.Verification;

/// <summary>Every check run against one golden folder.</summary>
/// <param name="Directory">The folder.</param>
/// <param name="Model">The manifest's model description.</param>
/// <param name="Checks">Comparisons, in the order run.</param>
/// <param name="Problems">Reasons the folder could not be checked in full (a failure).</param>
public sealed record GoldenReport(string Directory, string Model, IReadOnlyList<GoldenCheck> Checks, IReadOnlyList<string> Problems)
{
    /// <summary>True when every check passed and nothing was left unchecked.</summary>
    public bool Passed => Problems.Count == 0 && Checks.Count > 0 && Checks.All(c => c.Passed);
}
