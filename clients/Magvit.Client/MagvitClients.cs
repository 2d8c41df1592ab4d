using Magvit.Client.Channels;
using Magvit.Client.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magvit.Client;

/// <summary>
/// The three clients and the pipeline over one set of options: one channel per service, created on first use and
/// reused by every call (a channel per call would pay a connection per call). Register it with
/// <see cref="MagvitClientServiceCollectionExtensions.AddMagvitClients"/>, or build one and dispose it at the end.
/// </summary>
public sealed class MagvitClients : IDisposable
{
    private readonly ServiceConnection[] connections;

    /// <summary>Clients for the services <paramref name="options"/> names.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public MagvitClients(MagvitClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new MagvitClientOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MagvitClientOptions), validation.Failures);
        }

        var tokenizer = new ServiceConnection("tokenizer", options.TokenizerAddress, options, loggerFactory);
        var detokenizer = new ServiceConnection("detokenizer", options.DetokenizerAddress, options, loggerFactory);
        var generator = new ServiceConnection("generator", options.GeneratorAddress, options, loggerFactory);
        connections = [tokenizer, detokenizer, generator];
        Tokenizer = new TokenizerClient(tokenizer);
        Detokenizer = new DetokenizerClient(detokenizer);
        Generator = new GeneratorClient(generator);
        Pipeline = new MagvitPipeline(Tokenizer, Detokenizer, Generator, options.PipelineCapacity);
    }

    /// <summary>The tokenizer's client (its address is needed when it is first called).</summary>
    public TokenizerClient Tokenizer { get; }

    /// <summary>The detokenizer's client.</summary>
    public DetokenizerClient Detokenizer { get; }

    /// <summary>The generator's client.</summary>
    public GeneratorClient Generator { get; }

    /// <summary>Reconstruct, continue and generate videos through the services.</summary>
    public MagvitPipeline Pipeline { get; }

    /// <summary>The connection of a service (tests inspect its pipelines).</summary>
    internal ServiceConnection Connection(string service) => connections.Single(c => c.Service == service);

    /// <summary>Closes the channels; running calls fail.</summary>
    public void Dispose()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }
}
