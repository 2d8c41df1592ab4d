using System.Text.Json;

namespace Magvit.Cli;

/// <summary>JSON output settings shared by every command's <c>--json</c>.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };
}
