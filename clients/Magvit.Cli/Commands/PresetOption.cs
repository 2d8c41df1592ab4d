using System.CommandLine;
using Magvit.Model.Tokenizer;

namespace Magvit.Cli.Commands;

/// <summary>A repeatable <c>--config NAME</c> option whose names are checked against <see cref="TokenizerPresets"/>.</summary>
internal static class PresetOption
{
    public static Option<string[]> Create(string description)
    {
        var option = new Option<string[]>("--config") { Description = $"{description} One of: {string.Join(", ", TokenizerPresets.Names)}." };
        option.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TokenizerPresets.TryGet(name, out _))
                {
                    result.AddError($"Unknown config '{name}'. Known: {string.Join(", ", TokenizerPresets.Names)}.");
                }
            }
        });
        return option;
    }
}
