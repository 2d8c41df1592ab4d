using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;
using static TorchSharp.torch;

namespace Magvit.Model.Tests;

/// <summary>Shared helpers: libtorch start-up, tiny configs, deterministic inputs.</summary>
internal static class TestSupport
{
    public static string DataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>The repository root (holds MagvitGrpc.sln), found from the test binaries.</summary>
    public static string RepoPath(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MagvitGrpc.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new DirectoryNotFoundException("MagvitGrpc.sln not found above the tests."), .. parts]);
    }

    /// <summary>Small config with 8× spatial and two temporal down-samplings (mult ≠ 1 at levels 1 and 2).</summary>
    public static TokenizerConfig Tiny(TokenizerKind kind) => new()
    {
        Kind = kind,
        Channels = 32,
        ChannelMultipliers = [1, 2, 2, 2],
        ResBlocks = 1,
        LatentChannels = 18,
    };

    public static MagvitTokenizer Model(TokenizerConfig config, int seed = 0)
    {
        TorchRuntime.Initialize();
        manual_seed(seed);
        var model = new MagvitTokenizer(config);
        model.eval();
        PerturbNorms(model, seed);
        return model;
    }

    /// <summary>Uniform in [−1, 1], deterministic.</summary>
    public static Tensor Pixels(long[] shape, int seed)
    {
        var generator = new Generator((ulong)seed);
        return (rand(shape, generator: generator) * 2) - 1;
    }

    /// <summary>Default-initialised norms (weight 1, bias 0) hide swapped parameters; move them off identity.</summary>
    private static void PerturbNorms(nn.Module model, int seed)
    {
        var generator = new Generator((ulong)seed + 1);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (parameter.dim() == 1)
            {
                parameter.add_(randn(parameter.shape, generator: generator) * 0.1);
            }
        }
    }
}
