using System.CommandLine;
using Grpc.Core;
using Magvit.Cli.Benchmarks.Serve;
using Magvit.Cli.Commands;
using Magvit.Client;
using Magvit.Detokenizer;
using Magvit.Generator;
using Magvit.Tokenizer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Magvit.Cli.Services;

/// <summary>
/// The services one command talks to, through the client library (one code path whether they run elsewhere, in this
/// process or as child processes), with what each has loaded. Disposing closes the channels and stops whatever it
/// started.
/// </summary>
internal sealed class ServiceSet : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> owned;

    private ServiceSet(MagvitClients clients, IReadOnlyDictionary<ServiceNeeds, string> addresses, List<IAsyncDisposable> owned)
        => (Clients, Addresses, this.owned) = (clients, addresses, owned);

    public MagvitClients Clients { get; }

    public IReadOnlyDictionary<ServiceNeeds, string> Addresses { get; }

    /// <summary>The tokenizer's model, when the command needs the tokenizer.</summary>
    public ModelDescription? Tokenizer { get; private set; }

    /// <summary>The detokenizer's model, when the command needs the detokenizer.</summary>
    public ModelDescription? Detokenizer { get; private set; }

    /// <summary>The generator's model, when the command needs the generator.</summary>
    public GeneratorModelDescription? Generator { get; private set; }

    /// <summary>
    /// The services <paramref name="options"/> name: started in this process with <c>--local</c> (a warning on
    /// <paramref name="error"/> when their weights are random), else at the given addresses; each is asked what it serves.
    /// </summary>
    public static async Task<ServiceSet> OpenAsync(ParseResult parse, ServiceOptions options, TextWriter error, CancellationToken cancellationToken)
        => await OpenAsync(parse, options, options.Needs, error, cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="OpenAsync(ParseResult, ServiceOptions, TextWriter, CancellationToken)"/>, for only the services in <paramref name="needs"/>.</summary>
    public static async Task<ServiceSet> OpenAsync(ParseResult parse, ServiceOptions options, ServiceNeeds needs, TextWriter error, CancellationToken cancellationToken)
    {
        var addresses = new Dictionary<ServiceNeeds, string>();
        var owned = new List<IAsyncDisposable>();
        if (!parse.GetValue(options.Local))
        {
            foreach (var (need, option) in new[] { (ServiceNeeds.Tokenizer, options.Tokenizer), (ServiceNeeds.Detokenizer, options.Detokenizer), (ServiceNeeds.Generator, options.Generator) })
            {
                if (needs.HasFlag(need))
                {
                    addresses[need] = parse.GetValue(option) ?? throw CommandException.Usage(
                        $"no {Name(need)} address: pass {option.Name} http://host:port (start one with: magvit serve {Name(need)}), or --local to run the services in this process.");
                }
            }

            return await ConnectAsync(addresses, owned, cancellationToken).ConfigureAwait(false);
        }

        if (new[] { options.Tokenizer, options.Detokenizer, options.Generator }.FirstOrDefault(o => options.All.Contains(o) && parse.GetValue(o) is not null) is { } clash)
        {
            throw CommandException.Usage($"--local starts the services itself: drop {clash.Name}.");
        }

        var tokenizerModel = needs.HasFlag(ServiceNeeds.Tokenizer) || needs.HasFlag(ServiceNeeds.Detokenizer) ? options.TokenizerSource(parse) : null;
        var generatorModel = needs.HasFlag(ServiceNeeds.Generator) ? options.GeneratorSource(parse) : null;
        if (ModelDefaults.Warning([.. new[] { ("tokenizer", tokenizerModel), ("generator", generatorModel) }.Where(m => m.Item2 is not null).Select(m => (m.Item1, m.Item2!))]) is { } warning)
        {
            error.WriteLine(warning);
        }

        var threads = options.ThreadCount(parse);
        try
        {
            foreach (var (need, build) in new (ServiceNeeds, Func<string[], WebApplication>)[]
                     { (ServiceNeeds.Tokenizer, TokenizerApp.Build), (ServiceNeeds.Detokenizer, DetokenizerApp.Build), (ServiceNeeds.Generator, GeneratorApp.Build) })
            {
                if (needs.HasFlag(need))
                {
                    var model = need == ServiceNeeds.Generator ? generatorModel! : tokenizerModel!;
                    var host = await LoopbackService.StartAsync(build, [model.HostArgument], threads, cancellationToken).ConfigureAwait(false);
                    owned.Add(host);
                    addresses[need] = host.Address;
                }
            }

            return await ConnectAsync(addresses, owned, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAllAsync(owned).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Clients of the services at <paramref name="addresses"/>, each asked what it serves; <paramref name="owned"/> is disposed with the set.</summary>
    public static async Task<ServiceSet> ConnectAsync(IReadOnlyDictionary<ServiceNeeds, string> addresses, List<IAsyncDisposable> owned, CancellationToken cancellationToken)
    {
        MagvitClients clients;
        try
        {
            clients = new MagvitClients(new MagvitClientOptions
            {
                TokenizerAddress = addresses.GetValueOrDefault(ServiceNeeds.Tokenizer),
                DetokenizerAddress = addresses.GetValueOrDefault(ServiceNeeds.Detokenizer),
                GeneratorAddress = addresses.GetValueOrDefault(ServiceNeeds.Generator),
            });
        }
        catch (OptionsValidationException e)
        {
            throw CommandException.Usage($"bad service address: {string.Join("; ", e.Failures)}");
        }

        var set = new ServiceSet(clients, addresses, owned);
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(ProbeTimeout);
            foreach (var need in addresses.Keys)
            {
                try
                {
                    switch (need)
                    {
                        case ServiceNeeds.Tokenizer:
                            set.Tokenizer = await clients.Tokenizer.GetModelInfoAsync(probe.Token).ConfigureAwait(false);
                            break;
                        case ServiceNeeds.Detokenizer:
                            set.Detokenizer = await clients.Detokenizer.GetModelInfoAsync(probe.Token).ConfigureAwait(false);
                            break;
                        default:
                            set.Generator = await clients.Generator.GetModelInfoAsync(probe.Token).ConfigureAwait(false);
                            break;
                    }
                }
                catch (Exception e) when (e is MagvitClientException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unimplemented }
                                          || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    throw new CommandException(
                        CliExitCodes.Failure,
                        $"cannot reach the {Name(need)} at {addresses[need]} ({(e as MagvitClientException)?.StatusCode.ToString() ?? "no answer"}): is it running? Start one with: magvit serve {Name(need)} (or pass --local).",
                        e);
                }
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The service's name as the command line spells it.</summary>
    public static string Name(ServiceNeeds need) => need.ToString().ToLowerInvariant();

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        await DisposeAllAsync(owned).ConfigureAwait(false);
    }

    private static async Task DisposeAllAsync(List<IAsyncDisposable> owned)
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync().ConfigureAwait(false);
        }

        owned.Clear();
    }
}
