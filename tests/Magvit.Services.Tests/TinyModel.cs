using Magvit.Model.Runtime;
using Magvit.Model.Tokenizer;
using TorchSharp;

namespace Magvit.Services.Tests;

/// <summary>A tiny random-weight causal tokenizer saved as a model folder, as a deployment would mount one.</summary>
internal static class TinyModel
{
    private static readonly Lazy<string> Folder = new(Create);

    public static TokenizerConfig Config { get; } = new()
    {
        Kind = TokenizerKind.CausalVideo,
        Channels = 32,
        ChannelMultipliers = [1, 2, 2, 2],
        ResBlocks = 1,
        LatentChannels = 18,
    };

    public static string Path => Folder.Value;

    /// <summary>The same weights, loaded in-process: the reference the services must match.</summary>
    public static MagvitTokenizer Load() => TokenizerCheckpoint.Load(Path);

    private static string Create()
    {
        TorchRuntime.Initialize();
        torch.manual_seed(11);
        using var model = new MagvitTokenizer(Config);
        var folder = Directory.CreateTempSubdirectory("magvit-services-model-").FullName;
        TokenizerCheckpoint.Save(model, folder);
        return folder;
    }
}
