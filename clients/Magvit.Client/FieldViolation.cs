namespace Magvit.Client;

/// <summary>A request field the server rejected (google.rpc.BadRequest), e.g. <c>header.frames.width</c>.</summary>
/// <param name="Field">Path of the field.</param>
/// <param name="Description">What is wrong with it.</param>
public sealed record FieldViolation(string Field, string Description);
