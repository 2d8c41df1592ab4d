using System.CommandLine;
using Magvit.Cli.Benchmarks.Serve;
using Magvit.Cli.Services;
using Magvit.Detokenizer;
using Magvit.Generator;
using Magvit.Model.Generation;
using Magvit.Model.Tokenizer;
using Magvit.Tokenizer;
using Microsoft.AspNetCore.Builder;

namespace Magvit.Cli.Commands;

/// <summary>
/// <c>magvit serve tokenizer|detokenizer|generator|all</c>: the real service hosts in this process until Ctrl+C.
/// <c>all</c> starts the three on consecutive ports (tokenizer, detokenizer, generator).
/// </summary>
internal static class ServeCommand
{
    private static readonly string[] Kinds = ["tokenizer", "detokenizer", "generator", "all"];

    public static Command Create()
    {
        var service = new Argument<string>("SERVICE") { Description = "tokenizer, detokenizer, generator or all." };
        service.AcceptOnlyFromAmong(Kinds);
        var model = new Option<string>("--model") { Description = "Model folder or checkpoint of the one service (default: the committed default model, else random weights)." };
        var preset = new Option<string>("--preset") { Description = "Random weights of this preset for the one service." };
        var port = new Option<int>("--port") { Description = "gRPC port (all: this and the next two; default 5000).", DefaultValueFactory = _ => 5000 };
        var metricsPort = new Option<int>("--metrics-port") { Description = "Prometheus port (all: this and the next two; default 9090).", DefaultValueFactory = _ => 9090 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).", DefaultValueFactory = _ => "127.0.0.1" };
        var noCheck = new Option<bool>("--skip-numerics-check") { Description = "Start without checking libtorch's conv numerics against float64." };
        var services = new ServiceOptions(ServiceNeeds.Tokenizer | ServiceNeeds.Generator);
        var command = new Command("serve", "Run service hosts in this process until Ctrl+C (exit 0 stopped, 1 failed, 2 usage).") { service, model, preset, port, metricsPort, bind, noCheck };
        foreach (var option in new Option[] { services.TokenizerModel, services.TokenizerPreset, services.GeneratorModel, services.GeneratorPreset, services.Threads })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, "serve", async token =>
        {
            var kind = parse.GetValue(service)!;
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var hosts = Plan(parse, kind, model, preset, services);
            if (ModelDefaults.Warning([.. hosts.Select(h => (h.Name, h.Model))]) is { } warning)
            {
                error.WriteLine(warning);
            }

            var (grpc, metrics, address) = (parse.GetValue(port), parse.GetValue(metricsPort), parse.GetValue(bind)!);
            var started = new List<LoopbackService>();
            try
            {
                for (var i = 0; i < hosts.Count; i++)
                {
                    var endpoints = new HostEndpoints(address, grpc + i, metrics + i, !parse.GetValue(noCheck));
                    var host = await LoopbackService.StartAsync(hosts[i].Build, [hosts[i].Model.HostArgument], services.ThreadCount(parse), endpoints, token).ConfigureAwait(false);
                    started.Add(host);
                    output.WriteLine($"{hosts[i].Name}: serving {host.Address} ({hosts[i].Model}); metrics http://{endpoints.ClientHost}:{endpoints.MetricsPort}/metrics");
                }

                output.WriteLine("ready; Ctrl+C stops.");
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                return CliExitCodes.Ok;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                output.WriteLine("stopping …");
                return CliExitCodes.Ok;
            }
            finally
            {
                for (var i = started.Count - 1; i >= 0; i--)
                {
                    await started[i].DisposeAsync().ConfigureAwait(false);
                }
            }
        }, cancellationToken));
        return command;
    }

    private static List<(string Name, Func<string[], WebApplication> Build, ModelSource Model)> Plan(
        ParseResult parse, string kind, Option<string> model, Option<string> preset, ServiceOptions services)
    {
        var (path, name) = (parse.GetValue(model), parse.GetValue(preset));
        if (kind == "all" && (path ?? name) is not null)
        {
            throw CommandException.Usage("serve all takes --tokenizer-model/--tokenizer-preset and --generator-model/--generator-preset, not --model/--preset.");
        }

        if (kind != "all" && name is not null && !(kind == "generator" ? GeneratorCheckpoint.PresetNames : TokenizerPresets.Names).Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw CommandException.Usage($"unknown {kind} preset '{name}'. Known: {string.Join(", ", kind == "generator" ? GeneratorCheckpoint.PresetNames : TokenizerPresets.Names)}.");
        }

        var tokenizer = kind == "all" || (path ?? name) is null
            ? services.TokenizerSource(parse)
            : ModelDefaults.Resolve(path, name, ModelDefaults.TokenizerFolder, ModelDefaults.TokenizerPreset);
        var generator = kind == "all" || (path ?? name) is null
            ? services.GeneratorSource(parse)
            : ModelDefaults.Resolve(path, name, ModelDefaults.GeneratorFolder, ModelDefaults.GeneratorPreset);
        return kind switch
        {
            "tokenizer" => [("tokenizer", TokenizerApp.Build, tokenizer)],
            "detokenizer" => [("detokenizer", DetokenizerApp.Build, tokenizer)],
            "generator" => [("generator", GeneratorApp.Build, generator)],
            _ => [("tokenizer", TokenizerApp.Build, tokenizer), ("detokenizer", DetokenizerApp.Build, tokenizer), ("generator", GeneratorApp.Build, generator)],
        };
    }
}
