using System.CommandLine;
using Magvit.Model.Generation;
using Magvit.Model.Tokenizer;

namespace Magvit.Cli.Services;

/// <summary>
/// The options that say where a command's services are: an address per service, or <c>--local</c> (start them in this
/// process on free loopback ports) with the models to load. A command gets only the options of the services it calls.
/// </summary>
internal sealed class ServiceOptions
{
    public ServiceOptions(ServiceNeeds needs)
    {
        Needs = needs;
        Tokenizer = Address("--tokenizer", "tokenizer");
        Detokenizer = Address("--detokenizer", "detokenizer");
        Generator = Address("--generator", "generator");
        TokenizerModel = new Option<string>("--tokenizer-model") { Description = "For services this command starts: the tokenizer model folder or checkpoint (default: models/tokenizer-default when present)." };
        TokenizerPreset = new Option<string>("--tokenizer-preset") { Description = $"For services this command starts: random weights of this tokenizer preset (default when no model: {ModelDefaults.TokenizerPreset})." };
        TokenizerPreset.AcceptOnlyFromAmong([.. TokenizerPresets.Names]);
        GeneratorModel = new Option<string>("--generator-model") { Description = "For services this command starts: the generator model folder (default: models/generator-default when present)." };
        GeneratorPreset = new Option<string>("--generator-preset") { Description = $"For services this command starts: random weights of this generator preset (default when no model: {ModelDefaults.GeneratorPreset})." };
        GeneratorPreset.AcceptOnlyFromAmong([.. GeneratorCheckpoint.PresetNames]);
    }

    public ServiceNeeds Needs { get; }

    public Option<string> Tokenizer { get; }

    public Option<string> Detokenizer { get; }

    public Option<string> Generator { get; }

    public Option<bool> Local { get; } = new("--local") { Description = "Start the services in this process on free loopback ports (no servers needed)." };

    public Option<string> TokenizerModel { get; }

    public Option<string> TokenizerPreset { get; }

    public Option<string> GeneratorModel { get; }

    public Option<string> GeneratorPreset { get; }

    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads of each service this command starts (default: half the cores)." };

    /// <summary>The options of the services in <see cref="Needs"/>.</summary>
    public IEnumerable<Option> All
    {
        get
        {
            var tokenizerModel = Needs.HasFlag(ServiceNeeds.Tokenizer) || Needs.HasFlag(ServiceNeeds.Detokenizer);
            return new (bool, Option)[]
            {
                (Needs.HasFlag(ServiceNeeds.Tokenizer), Tokenizer),
                (Needs.HasFlag(ServiceNeeds.Detokenizer), Detokenizer),
                (Needs.HasFlag(ServiceNeeds.Generator), Generator),
                (true, Local),
                (tokenizerModel, TokenizerModel),
                (tokenizerModel, TokenizerPreset),
                (Needs.HasFlag(ServiceNeeds.Generator), GeneratorModel),
                (Needs.HasFlag(ServiceNeeds.Generator), GeneratorPreset),
                (true, Threads),
            }.Where(o => o.Item1).Select(o => o.Item2);
        }
    }

    /// <summary>Adds <see cref="All"/> to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The tokenizer model a local tokenizer or detokenizer loads.</summary>
    public ModelSource TokenizerSource(ParseResult parse)
        => ModelDefaults.Resolve(parse.GetValue(TokenizerModel), parse.GetValue(TokenizerPreset), ModelDefaults.TokenizerFolder, ModelDefaults.TokenizerPreset);

    /// <summary>The generator model a local generator loads.</summary>
    public ModelSource GeneratorSource(ParseResult parse)
        => ModelDefaults.Resolve(parse.GetValue(GeneratorModel), parse.GetValue(GeneratorPreset), ModelDefaults.GeneratorFolder, ModelDefaults.GeneratorPreset);

    /// <summary>libtorch threads of each local service.</summary>
    public int ThreadCount(ParseResult parse) => parse.GetValue(Threads) is > 0 and var n ? n : Math.Max(1, Environment.ProcessorCount / 2);

    private static Option<string> Address(string name, string service)
        => new(name) { Description = $"The {service} service's address, e.g. http://127.0.0.1:5000 (see magvit serve); or use --local." };
}
