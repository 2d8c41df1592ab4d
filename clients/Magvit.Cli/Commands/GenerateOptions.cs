using System.CommandLine;
using Magvit.Client;

namespace Magvit.Cli.Commands;

/// <summary>The condition and sampling options of <c>magvit generate</c>.</summary>
internal sealed class GenerateOptions
{
    public GenerateOptions()
    {
        foreach (var option in new[] { LatentFrames, Steps, TopK })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int?>() is < 0 || (r.GetValueOrDefault<int?>() is 0 && r.Option != TopK))
                {
                    r.AddError($"{r.Option.Name} must be positive.");
                }
            });
        }

        Class.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0)
            {
                r.AddError("--class must be ≥ 0.");
            }
        });
    }

    public Option<int?> Class { get; } = new("--class") { Description = "Class id to condition on (default: none, the null class)." };

    public Option<string> Prompt { get; } = new("--prompt") { Description = "A video to continue: its first --frames frames are tokenized and given to the generator." };

    public Option<int?> LatentFrames { get; } = new("--latent-frames") { Description = "Latent frames to generate (default: the rest of the model's context)." };

    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Sampler seed: the same seed gives the same tokens (default: a random one, printed)." };

    public Option<int?> Steps { get; } = new("--steps") { Description = "Masked models: decoding steps per latent frame (server default 12)." };

    public Option<float?> Temperature { get; } = new("--temperature") { Description = "Softmax temperature in (0, 10] (server default 1)." };

    public Option<float?> Guidance { get; } = new("--guidance") { Description = "Classifier-free guidance scale in [0, 20] (server default 1: none)." };

    public Option<int?> TopK { get; } = new("--top-k") { Description = "Keep the k most likely sub-tokens (default 0: all)." };

    public Option<float?> TopP { get; } = new("--top-p") { Description = "Nucleus threshold in (0, 1] (server default 1)." };

    public Option<bool> Greedy { get; } = new("--greedy") { Description = "Always take the most likely sub-token (deterministic)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Class, Prompt, LatentFrames, Seed, Steps, Temperature, Guidance, TopK, TopP, Greedy })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The sampling the options describe; unset values take the server's defaults.</summary>
    public GenerationOptions Sampling(ParseResult parse) => new()
    {
        Seed = parse.GetValue(Seed),
        Steps = parse.GetValue(Steps),
        Temperature = parse.GetValue(Temperature),
        GuidanceScale = parse.GetValue(Guidance),
        TopK = parse.GetValue(TopK) ?? 0,
        TopP = parse.GetValue(TopP),
        Greedy = parse.GetValue(Greedy),
    };
}
