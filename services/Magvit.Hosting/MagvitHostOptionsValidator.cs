using Microsoft.Extensions.Options;

namespace Magvit.Hosting;

/// <summary>Rejects options no service could run with, naming each bad setting.</summary>
internal sealed class MagvitHostOptionsValidator : IValidateOptions<MagvitHostOptions>
{
    public ValidateOptionsResult Validate(string? name, MagvitHostOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModelPath) && string.IsNullOrWhiteSpace(options.Preset))
        {
            errors.Add("Magvit:ModelPath (or Magvit:Preset for random weights) is required.");
        }

        if (!string.IsNullOrWhiteSpace(options.ModelPath) && !File.Exists(options.ModelPath) && !Directory.Exists(options.ModelPath))
        {
            errors.Add($"Magvit:ModelPath '{options.ModelPath}' does not exist.");
        }

        if (options.Device is not ("cpu" or "cuda"))
        {
            errors.Add($"Magvit:Device must be cpu or cuda, not '{options.Device}'.");
        }

        if (options.VideoKind is not ("Video" or "CausalVideo"))
        {
            errors.Add($"Magvit:VideoKind must be Video or CausalVideo, not '{options.VideoKind}'.");
        }

        Require(errors, System.Net.IPAddress.TryParse(options.BindAddress, out _), $"Magvit:BindAddress '{options.BindAddress}' is not an IP address.");
        Require(errors, options.GrpcPort is >= 0 and <= 65535 && options.MetricsPort is >= 0 and <= 65535, "Magvit:GrpcPort and MetricsPort must be in 0..65535.");
        Require(errors, options.GrpcPort == 0 || options.GrpcPort != options.MetricsPort, "Magvit:GrpcPort and MetricsPort must differ.");
        Require(errors, options.Threads >= 0, "Magvit:Threads must be ≥ 0.");
        Require(errors, options.Replicas is >= 1 and <= 64, "Magvit:Replicas must be in 1..64.");
        Require(errors, options.MaxBatchSize is >= 1 and <= 1024, "Magvit:MaxBatchSize must be in 1..1024.");
        Require(errors, options.MaxBatchDelay >= TimeSpan.Zero && options.MaxBatchDelay <= TimeSpan.FromSeconds(1), "Magvit:MaxBatchDelay must be in 0..1 s.");
        Require(errors, options.MaxQueue >= 1, "Magvit:MaxQueue must be ≥ 1.");
        Require(errors, options.MaxStreams >= 1, "Magvit:MaxStreams must be ≥ 1.");
        Require(errors, options.MaxWidth >= 1 && options.MaxHeight >= 1, "Magvit:MaxWidth and MaxHeight must be ≥ 1.");
        Require(errors, options.MaxReceiveMessageBytes >= 80 * 1024, "Magvit:MaxReceiveMessageBytes must hold a 64 KiB frame chunk (≥ 81920).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }
}
