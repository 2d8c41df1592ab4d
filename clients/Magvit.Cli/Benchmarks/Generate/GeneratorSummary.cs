using Magvit.Model.Generation;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>A benchmarked generator as the report names it.</summary>
/// <param name="Model">Model folder or <c>random:&lt;preset&gt;</c>.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Grid">Largest grid, latent frames × rows × columns.</param>
/// <param name="FactorizedBits">Bits of each sub-token (sum = K).</param>
/// <param name="ClassCount">Real classes (0 = unconditional only).</param>
internal sealed record GeneratorSummary(string Model, long Parameters, string Grid, IReadOnlyList<int> FactorizedBits, int ClassCount)
{
    /// <summary>The summary of <paramref name="generator"/> served as <paramref name="choice"/>.</summary>
    public static GeneratorSummary Of(ModelChoice choice, ITokenGenerator generator)
    {
        var d = generator.Description;
        return new GeneratorSummary(choice.Name, d.Parameters, $"{d.MaxFrames}×{d.Height}×{d.Width}", d.Factorization.Bits, d.ClassCount);
    }
}
