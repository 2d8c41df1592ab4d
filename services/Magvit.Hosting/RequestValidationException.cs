namespace Magvit.Hosting;

/// <summary>Bad input, with the offending request field(s): becomes INVALID_ARGUMENT with google.rpc.BadRequest.</summary>
public sealed class RequestValidationException : Exception
{
    /// <summary>One violation.</summary>
    public RequestValidationException(string field, string description)
        : this([(field, description)])
    {
    }

    /// <summary>Several violations at once.</summary>
    public RequestValidationException(IReadOnlyList<(string Field, string Description)> violations)
        : base(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
        => Violations = violations;

    /// <summary>
    /// A contract helper's <see cref="ArgumentException"/> attributed to the request field it checked: its parameter
    /// name (chunk, packed, ids) means nothing to a caller, the field path does.
    /// </summary>
    public RequestValidationException(string field, ArgumentException cause)
        : base($"{field}: {Describe(cause)}", cause)
        => Violations = [(field, Describe(cause))];

    /// <summary>Field path (e.g. <c>header.frames.width</c>) and what is wrong with it.</summary>
    public IReadOnlyList<(string Field, string Description)> Violations { get; }

    /// <summary>The message of <paramref name="argument"/> without .NET's " (Parameter 'name')" note.</summary>
    internal static string Describe(ArgumentException argument)
        => argument.ParamName is { } name
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal).ReplaceLineEndings(" ")
            : argument.Message;
}
