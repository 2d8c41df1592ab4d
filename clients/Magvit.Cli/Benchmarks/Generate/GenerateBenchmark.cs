using System.Diagnostics;
using Magvit.Model.Runtime;

namespace Magvit.Cli.Benchmarks.Generate;

/// <summary>
/// <c>bench generate</c>: the token generators in one run — in-process autoregressive decoding with and without the
/// KV cache and with and without guidance, in-process masked decoding per step and per latent frame, then both kinds
/// behind the real generator service on loopback. Every comparison is measured side by side and reported as a ratio
/// next to the absolute numbers: on a shared machine the ratios are what carries over.
/// </summary>
internal static class GenerateBenchmark
{
    public static async Task<GenerateReport> RunAsync(GenerateSettings settings, TextWriter? log, CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        TorchRuntime.Initialize(settings.Threads);
        AutoregressiveResult autoregressive;
        MaskedResult masked;
        ModelChoice arChoice, maskedChoice;
        using (var models = BenchGenerators.Create(settings))
        {
            (arChoice, maskedChoice) = (models.ArChoice, models.MaskedChoice);
            log?.WriteLine($"autoregressive, in-process: {arChoice.Name}, {models.Cached.Description.Parameters:N0} parameters, {settings.Rounds} round(s) ...");
            autoregressive = AutoregressiveBenchmark.Run(models, settings, log, cancel);
            log?.WriteLine($"masked, in-process: {maskedChoice.Name}, {models.Masked.Description.Parameters:N0} parameters, {settings.Rounds} round(s) ...");
            masked = MaskedBenchmark.Run(models, settings, log, cancel);
        }

        var grpc = await GrpcGenerateBenchmark.RunAsync(settings, arChoice, maskedChoice, log, cancel).ConfigureAwait(false);
        return new GenerateReport(TorchSharp.torch.get_num_threads(), settings.Rounds, settings.Quick, autoregressive, masked, grpc, watch.Elapsed.TotalSeconds);
    }
}
