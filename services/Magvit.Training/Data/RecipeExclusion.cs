namespace Magvit.Training.Data;

/// <summary>Media a recipe deliberately leaves out, and why (documentation; <see cref="ReservedMedia"/> enforces).</summary>
/// <param name="Pattern">File name or wildcard pattern (or a description of a family of files).</param>
/// <param name="Why">The reason: reserved for evaluation, CGI, screen recording, …</param>
public sealed record RecipeExclusion(string Pattern, string Why);
