using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;

namespace Magvit.Polyglot.Tests;

/// <summary>A tiny random-weight causal tokenizer saved as a model folder, as a deployment would mount one.</summary>
internal static class TinyModel
{
    private static readonly Lazy<string> Folder = new(Create);

    /// <summary>8× spatial and 4× temporal down-sampling, 18-bit tokens.</summary>
    public static TokenizerConfig Config { get; } = new()
    {
        Kind = TokenizerKind.CausalVideo,
        Channels = 32,
        ChannelMultipliers = [1, 2, 2, 2],
        ResBlocks = 1,
        LatentChannels = 18,
    };

    public static string Path => Folder.Value;

    /// <summary>Deletes the model folder, if it was made.</summary>
    public static void Delete()
    {
        if (Folder.IsValueCreated)
        {
            Directory.Delete(Folder.Value, recursive: true);
        }
    }

    private static string Create()
    {
        TorchRuntime.Initialize();
        torch.manual_seed(13);
        using var model = new MagvitTokenizer(Config);
        var folder = Directory.CreateTempSubdirectory("magvit-polyglot-model-").FullName;
        TokenizerCheckpoint.Save(model, folder);
        return folder;
    }
}
