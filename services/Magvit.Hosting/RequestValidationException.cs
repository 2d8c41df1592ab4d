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

    /// <summary>Field path (e.g. <c>header.frames.width</c>) and what is wrong with it.</summary>
    public IReadOnlyList<(string Field, string Description)> Violations { get; }
}
