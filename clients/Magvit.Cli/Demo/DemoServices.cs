using Magvit.Cli.Benchmarks.Serve;
using Magvit.Cli.Commands;
using Magvit.Cli.Services;

namespace Magvit.Cli.Demo;

/// <summary>The demo's three services: given addresses, or three child processes of this CLI on free loopback ports.</summary>
internal static class DemoServices
{
    private static readonly (ServiceNeeds Need, string Assembly)[] Hosts =
        [(ServiceNeeds.Tokenizer, "Magvit.Tokenizer"), (ServiceNeeds.Detokenizer, "Magvit.Detokenizer"), (ServiceNeeds.Generator, "Magvit.Generator")];

    /// <summary>Clients of the services at <paramref name="addresses"/>.</summary>
    public static Task<ServiceSet> ConnectAsync(IReadOnlyDictionary<ServiceNeeds, string> addresses, CancellationToken cancellationToken)
        => ServiceSet.ConnectAsync(addresses, [], cancellationToken);

    /// <summary>
    /// Starts the three hosts as child processes with the given models, waits until all say SERVING (each start
    /// reported on <paramref name="log"/> with its process id), and connects to them. On any failure every child
    /// started so far is killed before the error leaves.
    /// </summary>
    public static async Task<ServiceSet> StartAsync(
        ModelSource tokenizer, ModelSource generator, int threads, TimeSpan startTimeout, TextWriter log, CancellationToken cancellationToken)
    {
        var children = new List<IAsyncDisposable>();
        try
        {
            var started = new List<ServiceProcess>();
            foreach (var (need, assembly) in Hosts)
            {
                var model = need == ServiceNeeds.Generator ? generator : tokenizer;
                var child = ServiceProcess.Start(
                    ServiceSet.Name(need), DotnetHost.ServiceAssembly(assembly), [model.HostArgument, $"--Magvit:Threads={threads}"],
                    LoopbackService.FreePort(), LoopbackService.FreePort());
                children.Add(child);
                started.Add(child);
                log.WriteLine($"started the {child.Service} (pid {child.ProcessId}) at {child.Address}: {model}");
            }

            await Task.WhenAll(started.Select(c => c.WaitUntilServingAsync(startTimeout, cancellationToken))).ConfigureAwait(false);
            var addresses = started.ToDictionary(c => Enum.Parse<ServiceNeeds>(c.Service, ignoreCase: true), c => c.Address);
            return await ServiceSet.ConnectAsync(addresses, children, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var child in children)
            {
                await child.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The three addresses when all are given, none when none is; a usage error for some.</summary>
    public static IReadOnlyDictionary<ServiceNeeds, string>? Addresses(string? tokenizer, string? detokenizer, string? generator)
    {
        var given = new[] { tokenizer, detokenizer, generator }.Count(a => a is not null);
        if (given == 0)
        {
            return null;
        }

        if (given != 3)
        {
            throw CommandException.Usage("pass all three of --tokenizer, --detokenizer and --generator, or none (then the demo starts its own).");
        }

        return new Dictionary<ServiceNeeds, string> { [ServiceNeeds.Tokenizer] = tokenizer!, [ServiceNeeds.Detokenizer] = detokenizer!, [ServiceNeeds.Generator] = generator! };
    }
}
