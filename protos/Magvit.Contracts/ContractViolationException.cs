namespace Magvit.Contracts;

/// <summary>A message breaks the contract; <see cref="Field"/> names the field at fault relative to the message checked.</summary>
public sealed class ContractViolationException : ArgumentException
{
    /// <summary>A violation of <paramref name="field"/>.</summary>
    public ContractViolationException(string field, string message)
        : base(message) => Field = field;

    /// <summary>A violation of <paramref name="field"/> found by a lower-level check.</summary>
    public ContractViolationException(string field, string message, Exception innerException)
        : base(message, innerException) => Field = field;

    /// <summary>For serializers and analyzers; prefer the field-naming constructors.</summary>
    public ContractViolationException()
        : this("message", "The message breaks the contract.")
    {
    }

    /// <summary>For serializers and analyzers; prefer the field-naming constructors.</summary>
    public ContractViolationException(string message)
        : this("message", message)
    {
    }

    /// <summary>The offending field, e.g. <c>sequence_number</c>.</summary>
    public string Field { get; }
}
