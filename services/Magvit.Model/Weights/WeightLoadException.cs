using System.Text;

namespace Magvit.Model.Weights;

/// <summary>
/// Weights do not fit a module: the message lists every missing key, every unexpected key and every shape mismatch,
/// so one failed load shows the whole difference.
/// </summary>
public sealed class WeightLoadException : Exception
{
    public WeightLoadException()
        : this("Weights do not match the module.")
    {
    }

    public WeightLoadException(string message)
        : this(message, null)
    {
    }

    public WeightLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
        MissingKeys = [];
        UnexpectedKeys = [];
        ShapeMismatches = [];
    }

    public WeightLoadException(
        string? prefix, IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys, IReadOnlyList<string> shapeMismatches)
        : base(Describe(prefix, missingKeys, unexpectedKeys, shapeMismatches))
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Module keys (parameters and buffers) the weights lack.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Weight keys the module does not have.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>One line per key present on both sides with different shapes: "key: expected [..], got [..]".</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string Describe(
        string? prefix, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var text = new StringBuilder()
            .Append("Weights do not match the module")
            .Append(prefix is null ? string.Empty : $" (weights under '{prefix}')")
            .Append($": {missing.Count} missing, {unexpected.Count} unexpected, {mismatched.Count} shape mismatch(es).");
        AppendSection(text, "Missing keys", missing);
        AppendSection(text, "Unexpected keys", unexpected);
        AppendSection(text, "Shape mismatches", mismatched);
        return text.ToString();
    }

    private static void AppendSection(StringBuilder text, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        text.Append('\n').Append(title).Append(':');
        foreach (string line in lines)
        {
            text.Append("\n  ").Append(line);
        }
    }
}
