using System.Text.Json;

namespace Magvit.Polyglot.Tests;

/// <summary>The examples of clients/python and clients/typescript, run as subprocesses; each prints one JSON object.</summary>
internal static class ClientExample
{
    public const string Python = "python";
    public const string Node = "node";

    /// <summary>Runs example <paramref name="name"/> of <paramref name="language"/> with <paramref name="arguments"/>; returns its JSON.</summary>
    public static async Task<JsonDocument> RunAsync(string language, string name, params string[] arguments)
    {
        string output;
        switch (language)
        {
            case Python:
                await Toolchains.RequirePythonAsync();
                output = await ClientProcess.RunAsync(Toolchains.Python, [$"clients/python/examples/{name}.py", .. arguments]);
                break;
            case Node:
                await Toolchains.RequireNodeAsync();
                output = await ClientProcess.RunAsync(Toolchains.Node, [$"clients/typescript/examples/{name}.mjs", .. arguments]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(language), language, "python or node");
        }

        try
        {
            return JsonDocument.Parse(output);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The {language} example {name} printed no JSON object:\n{output}", e);
        }
    }

    /// <summary>The "tokens" array of an example's JSON: the ids of each latent frame.</summary>
    public static uint[][] Tokens(JsonDocument document)
        => [.. document.RootElement.GetProperty("tokens").EnumerateArray().Select(frame => frame.EnumerateArray().Select(id => id.GetUInt32()).ToArray())];

    /// <summary>A field of the example's token header, named in that language's style (weights_sha256 or weightsSha256).</summary>
    public static JsonElement HeaderField(JsonDocument document, string snakeCase)
    {
        var header = document.RootElement.GetProperty("header");
        if (header.TryGetProperty(snakeCase, out var value))
        {
            return value;
        }

        var parts = snakeCase.Split('_');
        var camelCase = parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return header.GetProperty(camelCase);
    }
}
